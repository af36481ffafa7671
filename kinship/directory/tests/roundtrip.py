"""What an ORUK import -> export loses: every field of the input missing or changed in the
output, by JSON path (lists matched by id)."""


def _norm(value):
    if isinstance(value, str):
        # Surrounding spaces are trimmed on import; date-times come back as the standard
        # writes them, however the source wrote them.
        return value.strip().replace("+00:00", "Z")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def lost_fields(given, back, path="$") -> list[str]:
    if isinstance(given, dict):
        if not isinstance(back, dict):
            return [f"{path}: not an object on export"]
        out = []
        for key, value in given.items():
            if value is None or value == "" or value == []:
                continue  # nothing to keep
            if key not in back:
                out.append(f"{path}.{key}: missing on export")
            else:
                out += lost_fields(value, back[key], f"{path}.{key}")
        return out
    if isinstance(given, list):
        if not isinstance(back, list):
            return [f"{path}: not a list on export"]
        by_id = {b.get("id"): b for b in back if isinstance(b, dict)}
        out = []
        for i, item in enumerate(given):
            if isinstance(item, dict) and item.get("id") in by_id:
                out += lost_fields(item, by_id[item["id"]], f"{path}[{i}]")
            elif isinstance(item, dict) or item not in back:
                out.append(f"{path}[{i}]: missing on export")
        return out
    if _norm(given) != _norm(back):
        return [f"{path}: {given!r} came back as {back!r}"]
    return []
