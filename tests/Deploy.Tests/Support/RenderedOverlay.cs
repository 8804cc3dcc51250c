using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>
/// An overlay of deploy/k8s rendered by `kubectl kustomize` (offline) and read back as typed Kubernetes objects. The
/// YAML is read strictly: a field the Kubernetes API does not define fails the read, which the schema validation alone
/// would not catch.
/// </summary>
internal sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedOverlay>>> Cache = new();

    private RenderedOverlay(string name, string yaml, IReadOnlyList<IKubernetesObject> objects)
    {
        Name = name;
        Yaml = yaml;
        Objects = objects;
    }

    public static TheoryData<string> Names => new("dev", "prod");

    public string Name { get; }

    public string Yaml { get; }

    public IReadOnlyList<IKubernetesObject> Objects { get; }

    /// <summary>The namespace of the overlay (its Namespace object).</summary>
    public string Namespace => Single<V1Namespace>().Metadata.Name;

    public V1Deployment Silo => Single<V1Deployment>("kardiaflow-silo");

    public V1Container SiloContainer => Silo.Spec.Template.Spec.Containers.Single(c => c.Name == "silo");

    public V1ConfigMap Settings => Single<V1ConfigMap>();

    public static Task<RenderedOverlay> OfAsync(string name) =>
        Cache.GetOrAdd(name, n => new Lazy<Task<RenderedOverlay>>(() => RenderAsync(Repository.Path("deploy", "k8s", "overlays", n), n))).Value;

    /// <summary>Renders any kustomization directory (e.g. the one infra/deploy.sh writes).</summary>
    public static async Task<RenderedOverlay> RenderAsync(string directory, string name)
    {
        var result = (await Tool.RunAsync(DeployTools.Kubectl, ["kustomize", directory])).Succeeded();
        return Parse(name, result.StdOut);
    }

    public static RenderedOverlay Parse(string name, string yaml)
    {
        var objects = KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true).Cast<IKubernetesObject>().ToList();
        return new RenderedOverlay(name, yaml, objects);
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>()
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var matches = All<T>().ToList();
        Assert.True(matches.Count == 1, $"overlay {Name}: expected one {typeof(T).Name}, found {matches.Count}");
        return matches[0];
    }

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var matches = All<T>().Where(o => o.Metadata.Name == name).ToList();
        Assert.True(matches.Count == 1, $"overlay {Name}: expected one {typeof(T).Name} named {name}, found {matches.Count}");
        return matches[0];
    }
}
