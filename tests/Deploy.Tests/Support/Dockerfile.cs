namespace Kardiaflow.Deploy.Tests.Support;

/// <summary>One instruction of a Dockerfile, continuation lines joined, in its stage.</summary>
internal sealed record DockerInstruction(int Stage, int Line, string Keyword, string Arguments);

/// <summary>
/// The instructions of a Dockerfile, enough for the checks of tests/Deploy.Tests (the syntax itself is validated by
/// dockerfile-utils): comments dropped, backslash continuations joined, each instruction tagged with its stage.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public int StageCount => Instructions.Count(i => i.Keyword == "FROM");

    public int FinalStage => StageCount - 1;

    public IEnumerable<DockerInstruction> InStage(int stage) => Instructions.Where(i => i.Stage == stage);

    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public static Dockerfile Load(params string[] pathParts)
    {
        var path = Repository.Path(pathParts);
        var instructions = new List<DockerInstruction>();
        var lines = File.ReadAllLines(path);
        var stage = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1].TrimEnd() + " " + lines[++i].Trim();
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : text[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(stage, start, keyword, arguments));
        }

        return new Dockerfile(path, instructions);
    }
}
