namespace Kardiaflow.Lakehouse.Log;

/// <summary>
/// One action of a Delta commit (one line of a <c>_delta_log/NNN.json</c> file, or one row of a checkpoint).
/// Serialised by <see cref="DeltaLogJson"/>.
/// </summary>
public abstract record DeltaAction;
