// Placeholder entry point; the host is built by the runtime host issue.
return 0;
