namespace Kata.Grading;

/// <summary>How a test came out in a grade.</summary>
internal enum GradedOutcome
{
    Passed,

    /// <summary>It ran and failed (a test stopped for running too long included).</summary>
    Failed,

    /// <summary>It never ran: the build failed, or its kata's run ended before it.</summary>
    NotRun,
}

/// <summary>
/// One test in a grade, the unit every result format reports: its points, and for a test that did
/// not pass, the learner's message (the teaching text that <c>kata check</c> shows).
/// </summary>
/// <param name="Kata">The kata, e.g. "02-queues".</param>
/// <param name="Method">The test method, e.g. "Two_workers_put_the_course_figure_on_the_queue".</param>
/// <param name="DisplayName">The test as a sentence, arguments of a theory included.</param>
/// <param name="ClassName">Namespace and class of the test, when it ran (JUnit's classname).</param>
/// <param name="Outcome">Passed, failed or never ran.</param>
/// <param name="MaxPoints">What the test is worth.</param>
/// <param name="Message">Why it did not pass, in the learner's terms; null when it passed.</param>
/// <param name="Duration">How long it ran, when it ran.</param>
internal sealed record GradedTest(string Kata, string Method, string DisplayName, string? ClassName, GradedOutcome Outcome, int MaxPoints, string? Message, TimeSpan? Duration)
{
    public bool Passed => Outcome == GradedOutcome.Passed;

    /// <summary>Points earned: all of them for a pass, none otherwise.</summary>
    public int Points => Passed ? MaxPoints : 0;

    /// <summary>"02-queues: Two workers put the course figure on the queue".</summary>
    public string Name => $"{Kata}: {DisplayName}";
}
