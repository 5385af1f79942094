global using FluentAssertions;
global using Harness;
global using Xunit;
