namespace Callytics.Compiler.Diagnostics;

/// <summary>
/// Every diagnostic the toolchain can report, in one place. Ids are grouped by stage and never
/// reused: a retired id stays here, marked obsolete, so old build logs keep their meaning.
/// The web editor's rules use the same ids (editor-web/src/rules).
/// </summary>
public static class DiagnosticDescriptors
{
    const DiagnosticSeverity E = DiagnosticSeverity.Error;
    const DiagnosticSeverity W = DiagnosticSeverity.Warning;
    const DiagnosticSeverity I = DiagnosticSeverity.Info;

    // ---- CFL0xxx: input -------------------------------------------------------------------
    /// <summary>The text is not well-formed JSON.</summary>
    public static readonly DiagnosticDescriptor InvalidJson = new("CFL0001", "Invalid JSON", "Invalid JSON: {0}", E, "Fix the JSON syntax at the position shown; a JSON-aware editor highlights it.");
    /// <summary>The bytes are not UTF-8.</summary>
    public static readonly DiagnosticDescriptor InvalidUtf8 = new("CFL0002", "Not UTF-8", "The file is not valid UTF-8 (byte 0x{0:X2} at offset {1})", E, "Save the file as UTF-8.");
    /// <summary>Nesting beyond the limit.</summary>
    public static readonly DiagnosticDescriptor NestingTooDeep = new("CFL0003", "Nesting too deep", "JSON nesting is deeper than {0} levels", E, "A flow never needs this much nesting; the file is probably generated wrongly.");
    /// <summary>A key appears twice in one object.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new("CFL0004", "Duplicate key", "Duplicate key '{0}' (the first one is used)", E, "Remove one of the two; JSON readers disagree about which one wins.");
    /// <summary>The file exceeds the size limit.</summary>
    public static readonly DiagnosticDescriptor FileTooLarge = new("CFL0005", "File too large", "The file is {0:N0} bytes; the limit is {1:N0}", E, "Split the flow into subflows, or raise the limit with --max-file-size.");
    /// <summary>A UTF-8 byte-order mark at the start.</summary>
    public static readonly DiagnosticDescriptor ByteOrderMark = new("CFL0006", "Byte-order mark", "The file starts with a UTF-8 byte-order mark; it is ignored", W, "Save the file as UTF-8 without BOM (RFC 8259 forbids it).");
    /// <summary>A string longer than the limit.</summary>
    public static readonly DiagnosticDescriptor StringTooLong = new("CFL0007", "String too long", "A string of {0:N0} characters exceeds the limit of {1:N0}", E, "Keep long content (bodies, texts) short, or move it to the HTTP service.");
    /// <summary>The file cannot be read.</summary>
    public static readonly DiagnosticDescriptor FileUnreadable = new("CFL0008", "File unreadable", "Cannot read the file: {0}", E, "Check that the path exists and is readable.");

    // ---- CFL1xxx: schema ------------------------------------------------------------------
    /// <summary>Wrong JSON type for a value.</summary>
    public static readonly DiagnosticDescriptor WrongType = new("CFL1001", "Wrong type", "'{0}' must be {1}, not {2}", E, "Use the type the schema gives for this property.");
    /// <summary>A required property is missing.</summary>
    public static readonly DiagnosticDescriptor MissingProperty = new("CFL1002", "Missing property", "'{0}' is missing required property '{1}'", E, "Add the property; the schema lists what each object needs.");
    /// <summary>A property the schema does not know.</summary>
    public static readonly DiagnosticDescriptor UnknownProperty = new("CFL1003", "Unknown property", "Unknown property '{0}'{1}", E, "Fix the spelling, or prefix the key with 'x-' to keep your own data.");
    /// <summary>An unsupported schemaVersion.</summary>
    public static readonly DiagnosticDescriptor UnsupportedSchemaVersion = new("CFL1004", "Unsupported schema version", "schemaVersion {0} is not supported; this compiler reads version 1", E, "Set \"schemaVersion\": 1.");
    /// <summary>An invalid flow id.</summary>
    public static readonly DiagnosticDescriptor InvalidFlowId = new("CFL1005", "Invalid flow id", "Flow id '{0}' must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit", E, "Flow ids are used in file names and URLs: keep them simple.");
    /// <summary>An invalid node id.</summary>
    public static readonly DiagnosticDescriptor InvalidNodeId = new("CFL1006", "Invalid node id", "Node id '{0}' must be 1-64 letters, digits, '_' or '-', starting with a letter or '_'", E, "Rename the node (and the edges that name it).");
    /// <summary>A node type the language does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownNodeType = new("CFL1007", "Unknown node type", "Unknown node type '{0}'{1}", E, "Use one of the node types in flow-language.md §2.");
    /// <summary>A number outside its allowed range.</summary>
    public static readonly DiagnosticDescriptor ValueOutOfRange = new("CFL1008", "Value out of range", "'{0}' must be {1}, not {2}", E, "Use a value in the range the schema gives.");
    /// <summary>A string outside its allowed set.</summary>
    public static readonly DiagnosticDescriptor InvalidEnumValue = new("CFL1009", "Invalid value", "'{0}' must be one of {1}, not '{2}'", E, "Use one of the listed values.");
    /// <summary>A prompt that is not exactly one of audio, sound or tts.</summary>
    public static readonly DiagnosticDescriptor InvalidPrompt = new("CFL1010", "Invalid prompt", "A prompt must have exactly one of 'audio', 'sound' or 'tts'{0}", E, "Write { \"audio\": \"id\" }, { \"sound\": \"name\" } or { \"tts\": \"text\" }.");
    /// <summary>An invalid HH:MM time.</summary>
    public static readonly DiagnosticDescriptor InvalidTime = new("CFL1011", "Invalid time", "'{0}' is not a time of day HH:MM between 00:00 and 24:00", E, "Write times as 24-hour HH:MM, e.g. 09:00 or 24:00.");
    /// <summary>An unknown time zone.</summary>
    public static readonly DiagnosticDescriptor InvalidTimeZone = new("CFL1012", "Invalid time zone", "'{0}' is not an IANA time zone id{1}", E, "Use an IANA id such as Europe/Paris or America/New_York.");
    /// <summary>An invalid date.</summary>
    public static readonly DiagnosticDescriptor InvalidDate = new("CFL1013", "Invalid date", "'{0}' is not a date YYYY-MM-DD", E, "Write dates as YYYY-MM-DD, e.g. 2026-12-25.");
    /// <summary>An invalid URL.</summary>
    public static readonly DiagnosticDescriptor InvalidUrl = new("CFL1014", "Invalid URL", "'{0}' is not an absolute http or https URL", E, "Write the full URL, e.g. https://api.example.com/path.");
    /// <summary>An invalid extension.</summary>
    public static readonly DiagnosticDescriptor InvalidExtension = new("CFL1015", "Invalid extension", "Extension '{0}' must be 1-64 letters, digits, '_' or '-'", E, "Use the extension's name as configured on the PBX.");
    /// <summary>An invalid PSTN number.</summary>
    public static readonly DiagnosticDescriptor InvalidPstnNumber = new("CFL1016", "Invalid phone number", "'{0}' is not a phone number (3-20 digits, optional leading '+'; spaces, dashes, dots and parentheses are ignored)", E, "Write the number in E.164 or national form, e.g. +33 1 23 45 67 89.");
    /// <summary>An invalid SIP URI.</summary>
    public static readonly DiagnosticDescriptor InvalidSipUri = new("CFL1017", "Invalid SIP URI", "'{0}' is not a SIP URI sip:user@host", E, "Write sip:user@host, e.g. sip:desk@pbx.example.com.");
    /// <summary>A pstn destination without a trunk.</summary>
    public static readonly DiagnosticDescriptor PstnWithoutTrunk = new("CFL1018", "PSTN without trunk", "A pstn destination needs a 'trunk'", E, "Name the trunk that dials out, e.g. \"trunk\": \"main\".");
    /// <summary>An invalid variable name.</summary>
    public static readonly DiagnosticDescriptor InvalidVariableName = new("CFL1019", "Invalid variable name", "'{0}' is not a variable name (lower-case letter or '_', then up to 63 lower-case letters, digits or '_')", E, "Rename the variable, e.g. account_number.");
    /// <summary>A template that does not parse.</summary>
    public static readonly DiagnosticDescriptor InvalidTemplate = new("CFL1020", "Invalid template", "Invalid template: {0}", E, "Write variables as {{name}}; a literal '{{' is not allowed.");
    /// <summary>A template that forms the scheme or host of a URL.</summary>
    public static readonly DiagnosticDescriptor TemplateInUrlAuthority = new("CFL1021", "Template in URL host", "A template may not form the scheme or host of a URL: '{0}'", E, "Write the scheme and host literally; put variables in the path or query.");
    /// <summary>An invalid menu key.</summary>
    public static readonly DiagnosticDescriptor InvalidMenuKey = new("CFL1022", "Invalid menu key", "Menu key '{0}' must be one or two of 0-9, * and #", E, "Use keys like \"1\", \"0\", \"*\" or \"21\".");
    /// <summary>A regex that does not parse.</summary>
    public static readonly DiagnosticDescriptor InvalidRegex = new("CFL1023", "Invalid regular expression", "Invalid regular expression '{0}': {1}", E, "Fix the pattern (.NET regular expression syntax).");
    /// <summary>An unsupported JSONPath.</summary>
    public static readonly DiagnosticDescriptor InvalidJsonPath = new("CFL1024", "Invalid JSONPath", "'{0}' is not a supported JSONPath ($ followed by .name and [index] steps)", E, "Write paths like $.account.balance or $.items[0].id.");
    /// <summary>An invalid conference room name.</summary>
    public static readonly DiagnosticDescriptor InvalidRoomName = new("CFL1025", "Invalid room name", "Room '{0}' must be 1-64 letters, digits, '_' or '-'", E, "Rename the room.");
    /// <summary>min greater than max.</summary>
    public static readonly DiagnosticDescriptor MinAboveMax = new("CFL1026", "Minimum above maximum", "'{0}' ({1}) is greater than '{2}' ({3})", E, "Make the minimum at most the maximum.");
    /// <summary>Too few items in a list or object.</summary>
    public static readonly DiagnosticDescriptor TooFewItems = new("CFL1027", "Too few items", "'{0}' needs at least {1} item(s)", E, "Add the missing items.");
    /// <summary>Too many items in a list or object.</summary>
    public static readonly DiagnosticDescriptor TooManyItems = new("CFL1028", "Too many items", "'{0}' allows at most {1} item(s), not {2}", E, "Remove items, or split the work over several nodes.");
    /// <summary>Two branch rules share a name.</summary>
    public static readonly DiagnosticDescriptor DuplicateRuleName = new("CFL1029", "Duplicate rule name", "Rule name '{0}' is used twice; output names must be unique", E, "Rename one of the rules.");
    /// <summary>A branch rule's value does not fit its operator.</summary>
    public static readonly DiagnosticDescriptor InvalidRuleValue = new("CFL1030", "Invalid rule value", "Operator '{0}' {1}", E, "lt and gt compare numbers; empty and not_empty take no value; the others need one.");
    /// <summary>An invalid rule name.</summary>
    public static readonly DiagnosticDescriptor InvalidRuleName = new("CFL1031", "Invalid rule name", "Rule name '{0}' must be 1-64 letters, digits, '_' or '-'", E, "Rename the rule.");
    /// <summary>An invalid queue, trunk, mailbox or audio id.</summary>
    public static readonly DiagnosticDescriptor InvalidReferenceId = new("CFL1032", "Invalid id", "'{0}' is not a valid {1} id (1-64 letters, digits, '_', '-' or '.')", E, "Use the id as written in the catalog.");
    /// <summary>An invalid header.</summary>
    public static readonly DiagnosticDescriptor InvalidHeaderName = new("CFL1033", "Invalid header name", "'{0}' is not a valid HTTP header name", E, "Header names are tokens: letters, digits and !#$%&'*+-.^_`|~.");
    /// <summary>An empty string where text is needed.</summary>
    public static readonly DiagnosticDescriptor EmptyString = new("CFL1034", "Empty value", "'{0}' must not be empty", E, "Fill in the value.");
    /// <summary>A holiday listed twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateHoliday = new("CFL1035", "Duplicate holiday", "Holiday {0} is listed twice", E, "Keep one entry per date.");

    // ---- CFL2xxx: graph -------------------------------------------------------------------
    /// <summary>No start node.</summary>
    public static readonly DiagnosticDescriptor NoStartNode = new("CFL2001", "No start node", "The flow has no start node", E, "Add exactly one node of type start.");
    /// <summary>More than one start node.</summary>
    public static readonly DiagnosticDescriptor MultipleStartNodes = new("CFL2002", "Several start nodes", "Node '{0}' is a second start node (the first is '{1}')", E, "Keep one start node.");
    /// <summary>Two nodes share an id.</summary>
    public static readonly DiagnosticDescriptor DuplicateNodeId = new("CFL2003", "Duplicate node id", "Node id '{0}' is already used", E, "Give every node its own id.");
    /// <summary>An edge from a node that does not exist.</summary>
    public static readonly DiagnosticDescriptor EdgeSourceNotFound = new("CFL2004", "Unknown edge source", "Edge source '{0}' is not a node{1}", E, "Point the edge at an existing node id.");
    /// <summary>An edge to a node that does not exist.</summary>
    public static readonly DiagnosticDescriptor EdgeTargetNotFound = new("CFL2005", "Unknown edge target", "Edge target '{0}' is not a node{1}", E, "Point the edge at an existing node id.");
    /// <summary>An edge from a handle the source type does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownHandle = new("CFL2006", "Unknown output", "Node '{0}' ({1}) has no output '{2}'; its outputs are {3}", E, "Use one of the listed outputs as sourceHandle.");
    /// <summary>Two edges leave the same handle.</summary>
    public static readonly DiagnosticDescriptor DuplicateEdge = new("CFL2007", "Output connected twice", "Output '{1}' of node '{0}' already leads to '{2}'", E, "An output leads to one node; only webhook nodes may be added beside it.");
    /// <summary>A required output is not connected.</summary>
    public static readonly DiagnosticDescriptor RequiredOutputNotConnected = new("CFL2008", "Output not connected", "Output '{1}' of node '{0}' ({2}) must be connected", E, "Connect the output to the node that should come next.");
    /// <summary>A terminal node leads to a non-webhook node.</summary>
    public static readonly DiagnosticDescriptor TerminalNodeContinues = new("CFL2009", "Terminal node continues", "Node '{0}' ({1}) ends the call; it may lead only to webhook nodes, not to '{2}'", E, "Remove the edge, or connect it to a webhook node.");
    /// <summary>A queue's abandoned output leads to a non-webhook node.</summary>
    public static readonly DiagnosticDescriptor AbandonedContinues = new("CFL2010", "Abandoned call continues", "The caller has hung up on 'abandoned' of '{0}'; it may lead only to webhook nodes, not to '{1}'", E, "Connect 'abandoned' to webhook nodes only.");
    /// <summary>An edge enters the start node.</summary>
    public static readonly DiagnosticDescriptor EdgeIntoStart = new("CFL2011", "Edge into start", "No edge may enter the start node '{0}' (this one comes from '{1}')", E, "Loop back to the node after start instead.");
    /// <summary>An output leads on through two webhooks that both continue.</summary>
    public static readonly DiagnosticDescriptor AmbiguousContinuation = new("CFL2012", "Ambiguous continuation", "Output '{1}' of node '{0}' continues through several webhooks' 'next' ({2}); the call can only go one way", E, "Connect the output to the next node directly, or let only one webhook continue.");
    /// <summary>A layout entry for a node that does not exist.</summary>
    public static readonly DiagnosticDescriptor LayoutUnknownNode = new("CFL2013", "Layout for unknown node", "Layout entry '{0}' names no node", W, "Remove the entry; the editor rewrites layout on export.");

    // ---- CFL3xxx: analysis ----------------------------------------------------------------
    /// <summary>A node no path from start reaches.</summary>
    public static readonly DiagnosticDescriptor UnreachableNode = new("CFL3001", "Unreachable node", "Node '{0}' ({1}) cannot be reached from start", W, "Connect it, or delete it.");
    /// <summary>A cycle without any node that waits for the caller.</summary>
    public static readonly DiagnosticDescriptor SilentCycle = new("CFL3002", "Endless loop", "These nodes can loop forever without waiting for the caller: {0}", E, "Put a prompt, input or dial node on the loop.");
    /// <summary>A variable read before any assignment on some path.</summary>
    public static readonly DiagnosticDescriptor VariableMaybeUnassigned = new("CFL3003", "Variable may be empty", "Variable '{0}' is read here but no path from start assigns it first; it may be empty", W, "Assign it earlier (set_variable, get_digits, http_request) or check it with a branch rule 'empty'.");
    /// <summary>An http_request without a failure output.</summary>
    public static readonly DiagnosticDescriptor UnhandledHttpFailure = new("CFL3004", "Unhandled HTTP failure", "'failure' of http_request '{0}' is not connected; a failed request hangs up the call", W, "Connect 'failure' to an apology prompt or a transfer.");
    /// <summary>A one-digit menu option that prefixes a two-digit one.</summary>
    public static readonly DiagnosticDescriptor MenuPrefixOption = new("CFL3005", "Menu option waits", "Option '{0}' of menu '{1}' is a prefix of '{2}': callers pressing {0} wait {3} ms for a second digit", I, "Fine if intended; otherwise renumber the options.");
    /// <summary>A schedule with no open time.</summary>
    public static readonly DiagnosticDescriptor NoOpenHours = new("CFL3006", "Never open", "Business hours '{0}' have no open time at all; every call goes to out_of_hours", W, "Add ranges to the schedule.");
    /// <summary>A return node in a flow never used as a subflow.</summary>
    public static readonly DiagnosticDescriptor ReturnInTopLevelFlow = new("CFL3007", "Return at top level", "'return' node '{0}' is reachable but flow '{1}' is never called as a subflow; at top level it hangs up", W, "Use hangup, or call this flow through a subflow node.");

    // ---- CFL4xxx: references --------------------------------------------------------------
    /// <summary>A subflow or goto target missing from the set being compiled.</summary>
    public static readonly DiagnosticDescriptor FlowNotFound = new("CFL4001", "Unknown flow", "Flow '{0}' is not among the flows being checked{1}", E, "Check it together with the flow it names, or fix the id.");
    /// <summary>Subflow calls that recurse.</summary>
    public static readonly DiagnosticDescriptor RecursiveSubflow = new("CFL4002", "Recursive subflow", "Subflow calls recurse: {0}", E, "A subflow may not call itself, directly or through others; use goto_flow or a loop.");
    /// <summary>An audio id not in the catalog.</summary>
    public static readonly DiagnosticDescriptor UnknownAudio = new("CFL4003", "Unknown audio", "Audio '{0}' is not in the catalog{1}", E, "Add it to the catalog or fix the id.");
    /// <summary>A queue not in the catalog.</summary>
    public static readonly DiagnosticDescriptor UnknownQueue = new("CFL4004", "Unknown queue", "Queue '{0}' is not in the catalog{1}", E, "Add it to the catalog or fix the id.");
    /// <summary>A trunk not in the catalog.</summary>
    public static readonly DiagnosticDescriptor UnknownTrunk = new("CFL4005", "Unknown trunk", "Trunk '{0}' is not in the catalog{1}", E, "Add it to the catalog or fix the id.");
    /// <summary>Two files define the same flow id.</summary>
    public static readonly DiagnosticDescriptor DuplicateFlowId = new("CFL4006", "Duplicate flow id", "Flow id '{0}' is also defined in {1}", E, "Give each flow its own id.");
    /// <summary>The catalog itself is wrong.</summary>
    public static readonly DiagnosticDescriptor InvalidCatalog = new("CFL4007", "Invalid catalog", "Invalid catalog: {0}", E, "Fix the catalog file (see flow-language.md §5).");

    // ---- CFL5xxx: emit --------------------------------------------------------------------
    /// <summary>Generated code failed to compile (a compiler bug).</summary>
    public static readonly DiagnosticDescriptor GeneratedCodeError = new("CFL5001", "Generated code does not compile", "Internal error: the generated C# does not compile: {0}", E, "This is a bug in callyc; please report it with the flow.");
    /// <summary>A flow too large to build.</summary>
    public static readonly DiagnosticDescriptor FlowTooLarge = new("CFL5002", "Flow too large", "The flow has {0:N0} nodes; the limit is {1:N0}", E, "Split the flow into subflows.");

    // ---- CFL6xxx: import ------------------------------------------------------------------
    /// <summary>A source node type with no equivalent.</summary>
    public static readonly DiagnosticDescriptor ImportUnknownNodeType = new("CFL6001", "Unknown source node type", "Node '{0}' has type '{1}', which has no equivalent in the Callytics flow language; it was left out", E, "Rebuild this step with the catalogue's node types after import.");
    /// <summary>A source key that does not map.</summary>
    public static readonly DiagnosticDescriptor ImportUnmappedKey = new("CFL6002", "Unmapped key", "'{0}' of node '{1}' has no equivalent and was not imported (value: {2})", W, "Check that the flow behaves as intended without it.");
    /// <summary>A source edge that does not map.</summary>
    public static readonly DiagnosticDescriptor ImportUnmappedEdge = new("CFL6003", "Unmapped edge", "Edge {0} could not be imported: {1}", E, "Reconnect it in the editor after import.");
    /// <summary>The source document does not have the expected shape.</summary>
    public static readonly DiagnosticDescriptor ImportInvalidDocument = new("CFL6004", "Not a source document", "This is not a {0} export: {1}", E, "Check --from and that the file is an export of that product.");
    /// <summary>A value adapted during import.</summary>
    public static readonly DiagnosticDescriptor ImportValueAdapted = new("CFL6005", "Value adapted", "'{0}' of node '{1}' was adapted: {2}", I, "Review the imported value.");

    // ---- CFL7xxx: publish (media) -----------------------------------------------------------
    /// <summary>A TTS prompt the engine could not render.</summary>
    public static readonly DiagnosticDescriptor TtsRenderFailed = new("CFL7001", "TTS prompt not rendered", "The TTS prompt of node '{0}' could not be rendered: {1}", E, "Check the voice name and the TTS engine setting (Callytics:Media:Tts:Command, callyc --tts-command); nothing was published.");

    /// <summary>All descriptors, in id order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticDescriptors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();
}
