using Spectre.Console;

namespace Kardiaflow.Client.Ingestion;

/// <summary>The console the commands write to; plain (no colors, no live rendering, wide lines) when not a terminal.</summary>
internal static class ConsoleOutput
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static IAnsiConsole Create()
    {
        var interactive = IsInteractive;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (!interactive)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}
