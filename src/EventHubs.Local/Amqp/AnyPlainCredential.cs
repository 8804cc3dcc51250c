using System.Security.Principal;
using Microsoft.Azure.Amqp.Sasl;

namespace Kardiaflow.EventHubs.Local.Amqp;

/// <summary>SASL PLAIN that accepts any user and password: the endpoint listens on loopback only (see the ADR).</summary>
internal sealed class AnyPlainCredential : ISaslPlainAuthenticator
{
    public Task<IPrincipal> AuthenticateAsync(string identity, string password) =>
        Task.FromResult<IPrincipal>(new GenericPrincipal(new GenericIdentity(identity), ["Send", "Listen", "Manage"]));
}
