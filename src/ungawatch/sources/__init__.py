"""Sources turn bytes into plain records from `ungawatch.models`; none of them touches the store."""
