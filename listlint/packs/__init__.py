"""Rule packs: YAML files of rules; their schema, loading, validation and self-tests."""
