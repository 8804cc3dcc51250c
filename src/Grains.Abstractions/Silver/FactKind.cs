namespace Kardiaflow.Grains.Abstractions.Silver;

/// <summary>The kinds of fact rows a provider is referenced by.</summary>
[GenerateSerializer]
public enum FactKind
{
    Claim = 0,
    Feedback = 1,
}
