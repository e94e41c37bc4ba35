using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Fields;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Tests.Config;

/// <summary>
/// Config values are read through the node type's typed field declarations: a misspelt name or a
/// wrong type does not compile, a field of another node type throws, and a value that is not what
/// its field promises throws instead of binding a default.
/// </summary>
public class ConfigValuesTests
{
    private static ConfigValues Queue(Dictionary<string, object?> values) => new(NodeRegistry.Find("queue")!, values, null);

    [Fact]
    public void A_written_value_is_bound_and_an_absent_one_takes_the_declared_default()
    {
        var config = Queue(new() { ["max_wait_ms"] = 5_000 });
        Assert.Equal(5_000, config.Get(QueueNodeType.Config.MaxWaitMs));
        Assert.False(config.Get(QueueNodeType.Config.RecordCall));
        Assert.Equal(HoldField.Moh, config.Get(QueueNodeType.Config.Hold));
        Assert.True(config.Has(QueueNodeType.Config.MaxWaitMs));
        Assert.False(config.Has(QueueNodeType.Config.Queue));
        Assert.Null(config.Get(QueueNodeType.Config.Queue));
        Assert.Equal("fallback", config.Get(QueueNodeType.Config.Queue, "fallback"));
    }

    [Fact]
    public void A_field_of_another_node_type_throws_instead_of_binding_a_default()
    {
        var config = Queue(new() { ["max_wait_ms"] = 5_000 });
        // Same name and kind (a queue id) as the queue's own field, but the callback's declaration.
        var e = Assert.Throws<InvalidOperationException>(() => config.Get(CallbackNodeType.Config.Queue));
        Assert.Equal("Node type 'queue' declares no config field 'queue' (a field of another node type was read).", e.Message);
        Assert.Throws<InvalidOperationException>(() => config.Has(MenuNodeType.Config.Prompt));
    }

    [Fact]
    public void A_value_that_is_not_what_its_field_promises_throws()
    {
        var config = Queue(new() { ["max_wait_ms"] = "5 s" });
        var e = Assert.Throws<InvalidOperationException>(() => config.Get(QueueNodeType.Config.MaxWaitMs));
        Assert.Equal("Config field 'max_wait_ms' of 'queue' binds to String, not Int32.", e.Message);
    }

    [Fact]
    public void Every_field_s_default_is_the_type_its_declaration_promises()
    {
        foreach (var type in NodeRegistry.All)
            foreach (var field in type.Fields.Where(f => f.Default is not null))
            {
                var promised = field.GetType().GetGenericArguments()[0];
                Assert.True(promised.IsInstanceOfType(field.Default) || Nullable.GetUnderlyingType(promised)?.IsInstanceOfType(field.Default) == true,
                    $"{type.Name}.{field.Name}: default {field.Default} is not a {promised.Name}");
            }
    }

    [Fact]
    public void A_hold_value_is_music_on_hold_or_a_prompt_and_nothing_else()
    {
        Assert.Null(HoldField.ToPrompt(HoldField.Moh));
        var prompt = Prompt.Sound("queue-hold");
        Assert.Same(prompt, HoldField.ToPrompt(prompt));
        Assert.Throws<InvalidOperationException>(() => HoldField.ToPrompt("music"));
    }
}
