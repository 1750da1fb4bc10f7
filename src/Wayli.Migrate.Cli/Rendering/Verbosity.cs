namespace Wayli.Migrate.Cli.Rendering;

/// <summary>How much a command says besides its result: <c>-q</c> only results and errors, <c>-v</c> also details.</summary>
public enum Verbosity
{
    /// <summary>Results and errors only.</summary>
    Quiet,

    /// <summary>Results, errors, progress and notes.</summary>
    Normal,

    /// <summary>Everything, with details such as each migration's transaction mode and the plan's counts.</summary>
    Verbose,
}
