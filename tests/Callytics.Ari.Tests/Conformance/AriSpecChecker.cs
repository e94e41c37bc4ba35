using System.Reflection;
using System.Text.Json.Serialization;
using Callytics.Runtime.Ari.Client;
using Callytics.TestSupport.AriSimulator;

namespace Callytics.Ari.Tests.Conformance;

/// <summary>Compares what the client sends and reads with Asterisk's ARI description; returns the problems found.</summary>
public sealed class AriSpecChecker(AriSpec spec)
{
    /// <summary>Fields every ARI message carries (Message and Event), whatever its own model says.</summary>
    private static readonly HashSet<string> EnvelopeFields = ["type", "asterisk_id", "application", "timestamp"];

    public List<string> CheckRoutes(IEnumerable<AriRoute> routes)
    {
        var problems = new List<string>();
        foreach (var route in routes)
        {
            var op = spec.Operation(route.Method, route.Path);
            if (op is null)
            {
                problems.Add(spec.Operations(route.Path).Count == 0
                    ? $"{route}: ARI has no such route"
                    : $"{route}: ARI has the route but not the method {route.Method}");
                continue;
            }
            foreach (var q in route.Query.Where(q => !op.Query.Contains(q)))
                problems.Add($"{route}: ARI does not define the query parameter '{q}'");
            var pathParams = route.PathParameters().ToHashSet();
            if (!pathParams.SetEquals(op.PathParams))
                problems.Add($"{route}: path parameters differ from ARI's ({string.Join(",", op.PathParams)})");
        }
        return problems;
    }

    /// <summary>Checks that every JSON property a type reads is a field of its ARI model, recursively for nested models.</summary>
    public List<string> CheckReadModel(Type type, string? eventName = null)
    {
        var problems = new List<string>();
        Check(type, eventName, problems, []);
        return problems;
    }

    private void Check(Type type, string? eventName, List<string> problems, HashSet<Type> seen)
    {
        if (!seen.Add(type))
            return;
        var model = type.GetCustomAttribute<AriModelAttribute>()?.Model;
        if (model is null)
        {
            problems.Add($"{type.Name}: no [AriModel] naming the ARI model it reads");
            return;
        }
        if (eventName is not null && (model != eventName || !spec.IsEvent(model)))
            problems.Add($"{type.Name}: '{eventName}' is not an ARI event type");
        var fields = spec.ModelProperties(model);
        if (fields is null)
        {
            problems.Add($"{type.Name}: ARI has no model '{model}'");
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
                continue;
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null)
            {
                problems.Add($"{type.Name}.{property.Name}: read without an explicit JSON name");
                continue;
            }
            if (!fields.Contains(name) && !(eventName is not null && EnvelopeFields.Contains(name)))
                problems.Add($"{type.Name}.{property.Name}: ARI's {model} has no field '{name}'");
            var inner = property.PropertyType;
            if (inner.IsGenericType)
                inner = inner.GetGenericArguments()[0];
            if (inner.IsClass && inner != typeof(string))
                Check(inner, null, problems, seen);
        }
    }
}
