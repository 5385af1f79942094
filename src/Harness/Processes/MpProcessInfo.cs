namespace Harness;

/// <summary>Who a process is, like <c>mp.current_process()</c> and <c>os.getppid()</c>.</summary>
/// <param name="Name">"MainProcess" in the top process; the <see cref="MpProcess.Name"/> in a child.</param>
/// <param name="Pid">This process's id.</param>
/// <param name="ParentPid">The id of the process that started this one; null in the top process.</param>
public sealed record MpProcessInfo(string Name, int Pid, int? ParentPid);
