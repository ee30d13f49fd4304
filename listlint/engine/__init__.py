"""The engine: resources built once (``resources``), which rules run (``select``), running them
on a loaded draft (``run``), suppressions (``suppress``), pack self-tests (``selftest``), the
compiled-resources cache (``cache``) and the result cache (``resultcache``)."""
