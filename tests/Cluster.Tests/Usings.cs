global using FluentAssertions;
global using Harness;
global using Harness.Cluster;
global using Xunit;
