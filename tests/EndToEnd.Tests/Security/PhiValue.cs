namespace Kardiaflow.EndToEnd.Tests.Security;

/// <summary>One PHI value of the input (a patient's name, SSN, address, date of birth...) and the column it came from.</summary>
internal sealed record PhiValue(string Text, string Column);
