using Callytics.Runtime.Host;

// The runtime host: serves live calls over Asterisk ARI (see docs/ari.md).
await (await HostApp.BuildAsync(args)).RunAsync();
