using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Gantry.IntegrationTests;

/// <summary>Each log line has its own event id, so an operator's filter on an id catches exactly one kind of line.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryLoggerMessage_HasItsOwnEventId_InEachAssembly()
    {
        Assembly[] assemblies =
        [
            typeof(Server.ServerHost).Assembly,
            typeof(Execution.IExecutor).Assembly,
            typeof(Storage.MetadataStore).Assembly,
            typeof(Serving.ModelDeployment).Assembly,
        ];
        var seen = 0;
        foreach (var assembly in assemblies)
        {
            var ids = assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                .Select(m => (Method: m.DeclaringType!.Name + "." + m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(x => x.Attribute is not null)
                .ToList();
            seen += ids.Count;
            var duplicates = ids.GroupBy(x => x.Attribute!.EventId).Where(g => g.Count() > 1)
                .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}").ToList();
            Assert.True(duplicates.Count == 0, $"{assembly.GetName().Name} reuses event ids: {string.Join("; ", duplicates)}");
        }

        Assert.True(seen > 50, $"found only {seen} [LoggerMessage] methods: the reflection no longer sees them");
    }
}
