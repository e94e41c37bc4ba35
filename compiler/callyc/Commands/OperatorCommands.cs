using System.CommandLine;
using System.Globalization;
using System.Text;
using Callytics.Runtime.Storage.Callbacks;

namespace Callytics.Cli.Commands;

/// <summary>
/// <c>callyc operators add|set-pin|list</c> and <c>callyc callbacks list</c>: setting up a queue
/// without SQL. PINs are read from stdin (or <c>--pin</c>), never echoed, and stored only as
/// slow salted hashes by <see cref="Runtime.Storage.Operators.OperatorAccounts"/>.
/// </summary>
internal static class OperatorCommands
{
    public static IEnumerable<Command> All() => [Operators(), Callbacks()];

    private static Command Operators()
    {
        return new Command("operators", "Operators who log in to queues from their phones.") { Add(), SetPin(), List() };
    }

    private static Option<string?> PinOption() => new("--pin")
    {
        Description = "The PIN (digits). Prefer stdin: an option is visible to other users in the process list.",
    };

    private static Command Add()
    {
        var id = new Argument<string>("operator-id") { Description = "The operator id." };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        var queues = new Option<string[]>("--queue") { Description = "Queues the operator answers (repeatable); created when missing.", AllowMultipleArgumentsPerToken = true };
        var pin = PinOption();
        var store = StoreAccess.StoreOption();
        var command = new Command("add", "Adds an operator with a PIN (read from stdin when --pin is not given).") { id, name, queues, pin, store };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var operatorId = parse.GetValue(id)!;
            await storage.Accounts.AddAsync(operatorId, parse.GetValue(name)!, ReadPin(parse.GetValue(pin)));
            foreach (var queue in parse.GetValue(queues) ?? [])
            {
                if (!(await storage.Operators.ListQueuesAsync()).Any(q => q.Id == queue)) await storage.Operators.SaveQueueAsync(queue, queue);
                await storage.Operators.AddMemberAsync(queue, operatorId);
            }
            Console.WriteLine($"added operator {operatorId}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command SetPin()
    {
        var id = new Argument<string>("operator-id") { Description = "The operator id." };
        var pin = PinOption();
        var store = StoreAccess.StoreOption();
        var command = new Command("set-pin", "Sets a new PIN (read from stdin when --pin is not given) and lifts a lock-out.") { id, pin, store };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            var operatorId = parse.GetValue(id)!;
            if (!await storage.Accounts.SetPinAsync(operatorId, ReadPin(parse.GetValue(pin))))
                throw new UsageException($"no operator '{operatorId}'");
            Console.WriteLine($"PIN of {operatorId} changed");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var store = StoreAccess.StoreOption();
        var command = new Command("list", "Lists operators: id, name, queues, added at.") { store };
        command.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            foreach (var op in await storage.Operators.ListOperatorsAsync())
            {
                var queues = await storage.Operators.ListQueuesOfOperatorAsync(op.Id);
                Console.WriteLine(string.Join('\t', op.Id, op.Name, string.Join(',', queues), op.CreatedAt.ToString("u", CultureInfo.InvariantCulture)));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Callbacks()
    {
        var status = new Option<CallbackStatus?>("--status") { Description = "Only callbacks in this state (pending, calling, done, failed)." };
        var store = StoreAccess.StoreOption();
        var list = new Command("list", "Lists callback requests, oldest first: id, status, number, queue, requested at, assigned to.") { status, store };
        list.SetAction((parse, _) => StoreAccess.RunAsync(parse, store, async storage =>
        {
            foreach (var c in await storage.Callbacks.ListAsync(parse.GetValue(status)))
            {
                Console.WriteLine(string.Join('\t', c.Id.ToString("D"), c.Status.ToString().ToLowerInvariant(), c.Request.Number, c.Request.QueueId ?? "",
                    c.Request.RequestedAt.ToString("u", CultureInfo.InvariantCulture), c.AssignedTo ?? ""));
            }
            return ExitCodes.Success;
        }));
        return new Command("callbacks", "Callback requests left by callers.") { list };
    }

    /// <summary>The PIN from the option, else one line of redirected stdin, else typed at a prompt without echo.</summary>
    private static string ReadPin(string? option)
    {
        if (option is not null) return option;
        if (Console.IsInputRedirected) return Console.In.ReadLine()?.Trim() ?? throw new UsageException("no PIN on stdin");
        Console.Error.Write("PIN: ");
        var pin = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && pin.Length > 0) pin.Length--;
            else if (!char.IsControl(key.KeyChar)) pin.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return pin.ToString();
    }
}
