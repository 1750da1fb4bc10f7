namespace Wayli.Migrate.Runs;

/// <summary>What <c>dev</c> does with the project's local development database.</summary>
public enum DevAction
{
    /// <summary>Create it when missing (then migrate and seed it), and start it.</summary>
    Start,

    /// <summary>Stop it; its data stays.</summary>
    Stop,

    /// <summary>Say whether it exists and runs, where, and with which environment.</summary>
    Status,

    /// <summary>Drop and recreate the database, apply the migrations, run the seed.</summary>
    Reset,

    /// <summary>Print its connection URL.</summary>
    Url,
}
