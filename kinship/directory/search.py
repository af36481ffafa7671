# ruff: noqa: S608 - SQL is assembled from constants; every value is a bound parameter.
"""Full-text search over services behind one small interface, on SQLite FTS5 or PostgreSQL.

Each service has one search document: its name, description and taxonomy term names (ranked
text) plus "facet" tokens for the council areas it covers (zza<code>), national coverage
(zzanational), kinds of support (zzk<kind>), arrangements served (zzr<arrangement>) and
status (zzsactive).
Filters are then part of the full-text match itself, so the index intersects the word's
postings with the place's: a very common word costs only what it costs within the council
and its neighbours, not across every service in Scotland.

`refresh_index` (called by `services`) keeps the documents in sync; `ranked_ids` is the bare
query the search page wraps.
"""

import re
from dataclasses import dataclass, replace
from math import cos, radians

from django.db import connection

SQLITE_TABLE = "directory_service_fts"
PG_TABLE = "directory_service_search"
MAX_WORDS = 8
MAX_WORD_LENGTH = 30
# A service with no location is ranked as if this far away (km).
UNKNOWN_DISTANCE_KM = 100.0
# How much distance counts against relevance: 50 km costs about one bm25 point.
DISTANCE_WEIGHT = 0.02
KM_PER_DEGREE = 111.2
ACTIVE, NATIONAL = "zzsactive", "zzanational"
LOCAL_ONLY = "zzolocalonly"
# Result groups, in display order.
LOCAL_OFFER, COVERS, NATIONAL_GROUP, NEIGHBOUR = 0, 1, 2, 3


def facet_token(prefix: str, value: str) -> str:
    # "zz" keeps facet tokens apart from anything a person types (even as a prefix).
    return "zz" + prefix + re.sub(r"[^a-z0-9]", "", value.lower())


def words_to_tokens(text: str) -> list[str]:
    """Letters and digits only, so no input can change the query's syntax."""
    tokens = re.findall(r"[^\W_]+", (text or "").lower())
    return [t[:MAX_WORD_LENGTH] for t in tokens][:MAX_WORDS]


def create_index(conn=None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
                "service_id UNINDEXED, name, description, terms, facets, "
                "tokenize = 'porter unicode61 remove_diacritics 2')"
            )
        elif conn.vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
                # No foreign key: Django's flush truncates its own tables without CASCADE.
                "service_id uuid PRIMARY KEY, document tsvector NOT NULL)"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_gin ON {PG_TABLE} USING gin (document)"
            )


def drop_index(conn=None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        table = SQLITE_TABLE if conn.vendor == "sqlite" else PG_TABLE
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def remove_from_index(service_ids) -> None:
    ids = [_db_id(i) for i in service_ids]
    table = SQLITE_TABLE if connection.vendor == "sqlite" else PG_TABLE
    if not ids or connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ",".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {table} WHERE service_id IN ({marks})", ids)
        else:
            cursor.execute(f"DELETE FROM {table} WHERE service_id = ANY(%s::uuid[])", [ids])


def clear_index() -> None:
    table = SQLITE_TABLE if connection.vendor == "sqlite" else PG_TABLE
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")


def _agg(expression: str, distinct: bool = False) -> str:
    if connection.vendor == "postgresql":
        return f"string_agg({'DISTINCT ' if distinct else ''}{expression}, ' ')"
    # SQLite allows no separator with DISTINCT; its default comma separates tokens too.
    if distinct:
        return f"group_concat(DISTINCT {expression})"
    return f"group_concat({expression}, ' ')"


def _document_select() -> str:
    """SELECT service_id, name, description, terms, facets, for services filtered after it."""
    term_join = (
        "FROM directory_service_taxonomy_terms st "
        "JOIN directory_taxonomyterm t ON t.id = st.taxonomyterm_id "
        "LEFT JOIN directory_taxonomyterm p ON p.id = t.parent_id "
        "WHERE st.service_id = s.id"
    )
    term_names = _agg("t.name || ' ' || COALESCE(p.name, '')")
    terms = f"COALESCE((SELECT {term_names} {term_join}), '')"
    kind = "'zzk' || replace(COALESCE(p.code, t.code), '_', '')"
    kinds = f"COALESCE((SELECT {_agg(kind, distinct=True)} {term_join}), '')"
    area_token = "'zza' || lower(sa.council_id)"
    areas = (
        f"COALESCE((SELECT {_agg(area_token)} "
        "FROM directory_servicearea sa WHERE sa.service_id = s.id "
        "AND sa.council_id IS NOT NULL), "
        # A service that declares no area is found where it is based.
        "CASE WHEN s.is_national THEN '' ELSE COALESCE('zza' || lower(s.council_id), '') END)"
    )
    # Services that take only their own council's families (a council's local offer and
    # anything its kinship team runs) carry that council: they are never shown outside it.
    local_only = (
        "CASE WHEN s.is_local_offer THEN ' zzolocalonly zzl' || lower(COALESCE(s.council_id, '')) "
        "ELSE COALESCE((SELECT ' zzolocalonly zzl' || lower(ao.home_council_id) "
        "FROM directory_organization o "
        "JOIN accounts_organisation ao ON ao.id = o.account_organisation_id "
        "WHERE o.id = s.organization_id AND ao.kind = 'council_kinship_team'), '') END"
    )
    flags = (
        "'zzsactive'"
        " || CASE WHEN s.is_national THEN ' zzanational' ELSE '' END"
        " || CASE WHEN s.serves_informal THEN ' zzrinformal' ELSE '' END"
        " || CASE WHEN s.serves_looked_after_kinship THEN ' zzrlookedafterkinship' ELSE '' END"
        " || CASE WHEN s.serves_kinship_care_order THEN ' zzrkinshipcareorder' ELSE '' END"
        " || CASE WHEN s.serves_other THEN ' zzrotherornotsure' ELSE '' END"
        f" || {local_only}"
    )
    # An inactive service carries no place or kind facets, so no filter can match it.
    facets = (f"CASE WHEN s.status = 'active' THEN {flags} || ' ' || {kinds} || ' ' || {areas} "
              "ELSE 'zzsinactive' END")
    return (f"SELECT s.id, s.name, s.description, {terms}, {facets} "
            "FROM directory_service s")


def refresh_index(service_ids=None) -> None:
    """Rebuild the search documents of these services (or of every service)."""
    ids = None if service_ids is None else [_db_id(i) for i in service_ids]
    if ids is not None and not ids:
        return
    from . import cache

    cache.changed()  # every write to the directory ends here
    select = _document_select()
    if connection.vendor == "sqlite":
        table, columns = SQLITE_TABLE, "(service_id, name, description, terms, facets)"
        insert = f"INSERT INTO {table} {columns} {select}"
        in_ids = "IN ({marks})"
    elif connection.vendor == "postgresql":
        table = PG_TABLE
        insert = (
            f"INSERT INTO {table} (service_id, document) SELECT d.id, "
            "setweight(to_tsvector('english', d.name), 'A') || "
            "setweight(to_tsvector('english', d.description), 'B') || "
            "setweight(to_tsvector('english', d.terms), 'B') || "
            "to_tsvector('simple', d.facets) "
            f"FROM ({select} {{where}}) AS d(id, name, description, terms, facets)"
        )
        in_ids = "= ANY(%s::uuid[])"
    else:
        return
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(insert.replace("{where}", ""))
            if connection.vendor == "sqlite":
                # Merge the index into one segment, as a bulk load leaves many.
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            else:
                # Move the bulk load out of GIN's pending list and give the planner
                # statistics, rather than wait for autovacuum.
                cursor.execute(f"SELECT gin_clean_pending_list('{table}_gin'::regclass)")
                cursor.execute(
                    f"ANALYZE {table}, directory_service, directory_servicearea, "
                    "directory_serviceatlocation, directory_location, directory_phone"
                )
            return
        for chunk in _chunks(ids, 500):
            if connection.vendor == "sqlite":
                cond = in_ids.format(marks=",".join(["%s"] * len(chunk)))
                params = chunk
            else:
                cond, params = in_ids, [chunk]
            cursor.execute(f"DELETE FROM {table} WHERE service_id {cond}", params)
            if connection.vendor == "sqlite":
                cursor.execute(f"{insert} WHERE s.id {cond}", params)
            else:
                cursor.execute(insert.replace("{where}", f"WHERE s.id {cond}"), params)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _db_id(value) -> str:
    """UUIDs as the backend stores them (SQLite: 32 hex digits; PostgreSQL: uuid)."""
    import uuid

    u = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    return u.hex if connection.vendor == "sqlite" else str(u)


@dataclass(frozen=True)
class IndexQuery:
    """What the bare query needs: every value already validated by the caller."""

    area_codes: tuple[str, ...] = ()  # council codes to match (plus national), empty = anywhere
    home_council: str = ""  # the council searched from (for grouping)
    centre: tuple[float, float] | None = None
    kind: str = ""
    arrangement: str = ""
    age: int | None = None
    words: tuple[str, ...] = ()
    term_id: str = ""
    # Neighbouring councils whose services are shown after the rest (only when asked).
    neighbours: tuple[str, ...] = ()
    # A service shown elsewhere on the page (the national advice service's own box).
    exclude_id: str = ""
    # Set internally when the search is split into groups.
    include_national: bool = True
    exclude_areas: tuple[str, ...] = ()
    exclude_local_only: bool = False
    national_only: bool = False
    group: int | None = None  # None: the local offer or "covers", decided per row


@dataclass(frozen=True)
class Hit:
    service_id: str
    group: int  # LOCAL_OFFER, COVERS, NATIONAL_GROUP or NEIGHBOUR
    score: float
    distance_km: float | None


def _facet_clauses(q: IndexQuery, any_of: str) -> list[str]:
    # Only active services are ever shown; ACTIVE is also the clause that matches all.
    clauses = [ACTIVE]
    if q.national_only:
        clauses.append(NATIONAL)
    elif q.area_codes or not q.include_national:
        areas = [facet_token("a", c) for c in q.area_codes]
        areas += [NATIONAL] if q.include_national else []
        clauses.append("(" + any_of.join(areas) + ")")
    if q.kind:
        clauses.append(facet_token("k", q.kind))
    if q.arrangement:
        clauses.append(facet_token("r", q.arrangement))
    return clauses


def _excluded_tokens(q: IndexQuery) -> list[str]:
    tokens = [facet_token("a", c) for c in q.exclude_areas]
    return tokens + ([LOCAL_ONLY] if q.exclude_local_only else [])


def _others_own(q: IndexQuery, sqlite: bool) -> str:
    """Another council's own services, even where their areas say they cover this one."""
    if not q.home_council or q.exclude_local_only:
        return ""
    own = facet_token("l", q.home_council)
    return f"({LOCAL_ONLY} NOT {own})" if sqlite else f"({LOCAL_ONLY} & !{own})"


def _sqlite_match(q: IndexQuery) -> str:
    # No column filters: facet tokens cannot be confused with words, and FTS5 intersects
    # plain terms several times faster than column-filtered ones.
    clauses = _facet_clauses(q, " OR ")
    if len(clauses) > 1:
        clauses.remove(ACTIVE)  # redundant next to a narrower clause, and costly
    # Whole (stemmed) words, not prefixes: a prefix makes FTS5 merge the doclists of every
    # term it covers, which for a common word is most of the index.
    clauses += [f'"{w}"' for w in q.words]
    match = " AND ".join(clauses)
    excluded = _excluded_tokens(q)
    others_own = _others_own(q, sqlite=True)
    if others_own:
        excluded.append(others_own)
    if excluded:
        match = f"({match}) NOT ({' OR '.join(excluded)})"
    return match


def _pg_queries(q: IndexQuery) -> tuple[str, str]:
    facets = " & ".join(_facet_clauses(q, " | "))
    for token in _excluded_tokens(q) + [t for t in [_others_own(q, sqlite=False)] if t]:
        facets += f" & !{token}"
    words = " & ".join(q.words)
    return facets, words


def segments(q: IndexQuery) -> list[IndexQuery]:
    """The groups a search from a council is shown in, in order: the council's local offer
    and services covering the council; then national services; then (only when asked)
    neighbouring councils' services that take families from outside. Another council's own
    services (its kinship team's) never appear outside it."""
    if not q.home_council:
        return [q]
    home = (q.home_council,)
    parts = [
        replace(q, area_codes=home, include_national=False, group=None),
        replace(q, area_codes=(), national_only=True, exclude_areas=home,
                group=NATIONAL_GROUP),
    ]
    parts = [replace(p, exclude_id="") for p in parts[:1]] + parts[1:]
    neighbours = tuple(c for c in q.neighbours if c != q.home_council)
    if neighbours:
        parts.append(replace(q, area_codes=neighbours, include_national=False,
                             exclude_areas=home, exclude_local_only=True, group=NEIGHBOUR,
                             exclude_id=""))
    return parts


def ranked_ids(q: IndexQuery, limit: int, offset: int = 0) -> tuple[int, list[Hit]]:
    """The bare database query: total matches, and one page of hits in display order.

    A search from a council is split into its groups (see `segments`), each ranked on its
    own, and only the groups a page reaches are ranked. A very common word then costs what
    it costs in one council."""
    parts = segments(q)
    totals = [_ranked(part, 0, 0)[0] for part in parts]
    hits: list[Hit] = []
    start = 0
    for part, total in zip(parts, totals, strict=True):
        end = start + total
        if total and len(hits) < limit and offset + len(hits) < end:
            _, more = _ranked(part, limit - len(hits), max(0, offset + len(hits) - start),
                              known_total=total)
            hits += more
        start = end
    return sum(totals), hits


def _ranked(q: IndexQuery, limit: int, offset: int = 0,
            known_total: int | None = None) -> tuple[int, list[Hit]]:
    params: dict = {"home": q.home_council or "", "limit": limit, "offset": offset}
    lat, lon = q.centre if q.centre else (0.0, 0.0)
    params.update(lat=lat, lon=lon, kmlat=KM_PER_DEGREE,
                  kmlon=KM_PER_DEGREE * cos(radians(lat)), unknown=UNKNOWN_DISTANCE_KM,
                  weight=DISTANCE_WEIGHT)
    if q.centre:
        distance = ("COALESCE(abs(s.latitude - %(lat)s) * %(kmlat)s + "
                    "abs(s.longitude - %(lon)s) * %(kmlon)s, %(unknown)s)")
    else:
        distance = "%(unknown)s"
    if q.group is not None:
        group = str(int(q.group))
    elif q.home_council:
        group = f"CASE WHEN s.is_local_offer AND s.council_id = %(home)s THEN {LOCAL_OFFER} " \
                f"ELSE {COVERS} END"
    else:
        group = f"CASE WHEN s.is_national THEN {NATIONAL_GROUP} ELSE {COVERS} END"
    filters = []
    if q.age is not None:
        params["age"] = q.age
        filters.append("(s.minimum_age IS NULL OR s.minimum_age <= %(age)s)")
        filters.append("(s.maximum_age IS NULL OR s.maximum_age >= %(age)s)")
    if q.term_id:
        params["term"] = _db_id(q.term_id)
        filters.append("EXISTS (SELECT 1 FROM directory_service_taxonomy_terms st "
                       "WHERE st.service_id = s.id AND st.taxonomyterm_id = %(term)s)")
    if connection.vendor == "sqlite":
        params["match"] = _sqlite_match(q)
        score = f"bm25({SQLITE_TABLE}, 0.0, 10.0, 2.0, 5.0, 0.0)"
        match_only = f"FROM {SQLITE_TABLE} f WHERE {SQLITE_TABLE} MATCH %(match)s"
    else:
        facet_q, word_q = _pg_queries(q)
        params["facets"], params["words"] = facet_q, word_q
        query = "to_tsquery('simple', %(facets)s)"
        if word_q:
            query = f"({query} && to_tsquery('english', %(words)s))"
        score = f"-ts_rank(f.document, {query})"
        match_only = f"FROM {PG_TABLE} f WHERE f.document @@ {query}"
    if q.exclude_id:
        # On the index row itself, so the count still needs no join.
        params["exclude"] = _db_id(q.exclude_id)
        cast = "::uuid" if connection.vendor == "postgresql" else ""
        match_only += f" AND f.service_id <> %(exclude)s{cast}"
    # SQLite: CROSS JOIN makes the index drive the join (its service_id cannot be probed).
    join = ("CROSS JOIN directory_service s WHERE s.id = f.service_id AND"
            if connection.vendor == "sqlite" else
            "JOIN directory_service s ON s.id = f.service_id WHERE")
    joined = match_only.replace(" f WHERE ", f" f {join} ", 1)
    where = "".join(f" AND {f}" for f in filters)
    with connection.cursor() as cursor:
        # The index alone answers the count unless a filter needs the service row.
        if known_total is None:
            cursor.execute(f"SELECT count(*) {joined if filters else match_only}{where}",
                           params)
            total = cursor.fetchone()[0]
        else:
            total = known_total
        if total == 0 or offset >= total or limit == 0:
            return total, []
        cursor.execute(
            f"SELECT id, grp, score, dist FROM (SELECT s.id AS id, s.name AS name, "
            f"{group} AS grp, {score} AS score, {distance} AS dist {joined}{where}) AS hits "
            "ORDER BY grp, score + %(weight)s * dist, name, id "
            "LIMIT %(limit)s OFFSET %(offset)s",
            params,
        )
        rows = cursor.fetchall()
    return total, [
        Hit(service_id=str(r[0]).replace("-", ""), group=int(r[1]), score=float(r[2]),
            distance_km=float(r[3]) if q.centre and float(r[3]) != UNKNOWN_DISTANCE_KM
            else None)
        for r in rows
    ]


def matching_ids(words: list[str], limit: int = 10_000) -> list:
    """Services whose text matches every word (for the ORUK API's `search`), best first."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = " AND ".join(f'"{w}"' for w in words)
            cursor.execute(f"SELECT service_id FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} "
                           "MATCH %s ORDER BY rank LIMIT %s", [match, limit])
        else:
            cursor.execute(f"SELECT service_id FROM {PG_TABLE} WHERE document @@ "
                           "to_tsquery('english', %s) LIMIT %s",
                           [" & ".join(words), limit])
        return [r[0] for r in cursor.fetchall()]
