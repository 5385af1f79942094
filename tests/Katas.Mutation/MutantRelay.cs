using System.Reflection;
using Xunit.Sdk;

[assembly: Katas.Mutation.MutantRelay]

namespace Katas.Mutation;

/// <summary>
/// Hands the mutant under test to the child processes a test starts. Stryker's test-host collector
/// activates a mutant by setting a static field of the mutated Katas assembly in the test host
/// only; a child process that loads the same mutated assembly reads the active mutant from the
/// environment variable that STRYKER_MUTANT_ID_CONTROL_VAR names. Before each test this copies the
/// field into that variable, which every child started afterwards inherits.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class MutantRelayAttribute : BeforeAfterTestAttribute
{
    private const string Variable = "KATAS_STRYKER_ACTIVE_MUTANT";

    public override void Before(MethodInfo methodUnderTest) => Relay();

    public static void Relay()
    {
        // Stryker injects MutantControl into the mutated assembly, in a namespace of its own per run.
        Type? control = Assembly.Load("Katas").GetTypes().FirstOrDefault(t => t.Name == "MutantControl");
        if (control?.GetField("ActiveMutant", BindingFlags.Public | BindingFlags.Static) is not { } field)
        {
            return; // not a mutated build: nothing to relay
        }
        int active = (int)field.GetValue(null)!;
        Environment.SetEnvironmentVariable("STRYKER_MUTANT_ID_CONTROL_VAR", Variable);
        Environment.SetEnvironmentVariable(Variable, active >= 0 ? active.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
    }
}
