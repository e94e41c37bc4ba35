using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Fields;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Tests.Config;

/// <summary>Config values are read by declared names and types only: no silent default for a misspelt name.</summary>
public class ConfigValuesTests
{
    private static ConfigValues Queue(Dictionary<string, object?> values) => new(NodeRegistry.Find("queue")!, values, null);

    [Fact]
    public void A_written_value_is_bound_and_an_absent_one_takes_the_declared_default()
    {
        var config = Queue(new() { ["max_wait_ms"] = 5_000 });
        Assert.Equal(5_000, config.Int("max_wait_ms"));
        Assert.False(config.Bool("record_call"));
        Assert.Equal(HoldField.Moh, config.Get<object>("hold", "unused"));
        Assert.True(config.Has("max_wait_ms"));
        Assert.False(config.Has("queue"));
    }

    [Fact]
    public void A_misspelt_field_name_throws_instead_of_binding_a_default()
    {
        var config = Queue(new() { ["max_wait_ms"] = 5_000 });
        var e = Assert.Throws<InvalidOperationException>(() => config.Int("max_wait"));
        Assert.Equal("Node type 'queue' declares no config field 'max_wait'.", e.Message);
        Assert.Throws<InvalidOperationException>(() => config.Has("recordcall"));
    }

    [Fact]
    public void Asking_for_the_wrong_type_throws_instead_of_binding_a_default()
    {
        var config = Queue(new() { ["max_wait_ms"] = 5_000 });
        var e = Assert.Throws<InvalidOperationException>(() => config.Text("max_wait_ms"));
        Assert.Equal("Config field 'max_wait_ms' of 'queue' binds to Int32, not String.", e.Message);
        // The default counts too: hold's default is the string "moh", never a prompt.
        Assert.Throws<InvalidOperationException>(() => config.Get<Prompt?>("hold", null));
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
