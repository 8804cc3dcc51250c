using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>The Bicep CLI (offline): builds templates and parameter files to ARM JSON.</summary>
internal static class Bicep
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonObject>>> Templates = new();

    public static string InfraPath(params string[] parts) => Repository.Path(["infra", .. parts]);

    public static Task<ToolResult> RunAsync(params string[] arguments) => RunInAsync(Repository.Root, arguments);

    public static Task<ToolResult> RunInAsync(string workingDirectory, params string[] arguments) =>
        Tool.RunAsync(DeployTools.Bicep, arguments, workingDirectory, environment: new Dictionary<string, string>
        {
            // Offline: no telemetry, no registry look-ups.
            ["BICEP_TELEMETRY_ENABLED"] = "false",
        });

    /// <summary>infra/main.bicep compiled, with every module's template nested as ARM writes it.</summary>
    public static Task<JsonObject> MainTemplateAsync() => Templates.GetOrAdd("main", _ => new Lazy<Task<JsonObject>>(async () =>
    {
        var result = (await RunAsync("build", InfraPath("main.bicep"), "--stdout")).Succeeded();
        return JsonNode.Parse(result.StdOut)!.AsObject();
    })).Value;

    /// <summary>A parameter file's values (`bicep build-params`); it must compile without a diagnostic.</summary>
    public static Task<JsonObject> ParametersAsync(string environment) => Templates.GetOrAdd($"parameters:{environment}", _ => new Lazy<Task<JsonObject>>(async () =>
    {
        var result = (await RunAsync("build-params", InfraPath("parameters", $"{environment}.bicepparam"), "--stdout")).Succeeded();
        Assert.True(result.StdErr.Trim().Length == 0, result.Describe());
        var parametersJson = JsonNode.Parse(result.StdOut)!["parametersJson"]!.GetValue<string>();
        return JsonNode.Parse(parametersJson)!["parameters"]!.AsObject();
    })).Value;

    /// <summary>The compiled template of one module of main.bicep (its deployment name).</summary>
    public static JsonObject ModuleTemplate(JsonObject main, string module) =>
        OfType(main, "Microsoft.Resources/deployments").Single(m => m.Resource["name"]!.GetValue<string>() == module).Resource["properties"]!["template"]!.AsObject();

    /// <summary>
    /// A role assignment's role definition id: the GUID in `subscriptionResourceId('...roleDefinitions', X)`, where X is a
    /// literal or a variable of the module (a string, or a property of an object variable).
    /// </summary>
    public static string RoleDefinitionGuid(JsonObject moduleTemplate, JsonObject assignment)
    {
        var expression = assignment["properties"]!["roleDefinitionId"]!.GetValue<string>();
        Assert.EndsWith(")]", expression, StringComparison.Ordinal);
        var argument = expression[(expression.IndexOf(',', StringComparison.Ordinal) + 1)..^2].Trim();
        if (argument.StartsWith('\''))
        {
            return argument.Trim('\'');
        }

        var variable = System.Text.RegularExpressions.Regex.Match(argument, @"^variables\('([^']+)'\)(?:\.(\w+))?$");
        Assert.True(variable.Success, $"cannot read the role of {expression}");
        var value = moduleTemplate["variables"]![variable.Groups[1].Value]!;
        return (variable.Groups[2].Success ? value[variable.Groups[2].Value]! : value).GetValue<string>();
    }

    /// <summary>Every resource of a compiled template, modules' resources included, with its module's name.</summary>
    public static IEnumerable<(string Module, JsonObject Resource)> Resources(JsonObject template, string module = "main")
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            yield return (module, resource);
            if (resource["type"]?.GetValue<string>() == "Microsoft.Resources/deployments"
                && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested, resource["name"]!.GetValue<string>()))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IReadOnlyList<(string Module, JsonObject Resource)> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals(r.Resource["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase)).ToList();
}
