global using FluentAssertions;
global using Harness;
global using Xunit;
global using KataFailure = Xunit.Sdk.KataFailure;
