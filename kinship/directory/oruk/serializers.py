"""Directory records as Open Referral UK 3.0 JSON (shapes from oruk/schema/*.json).

Optional fields are left out rather than sent empty: the schemas give them plain types and
formats (uri, email), which null or "" would break."""

import uuid

from ..models import Location, Organization, Service, Taxonomy, TaxonomyTerm

ATTRIBUTE_NAMESPACE = uuid.UUID("2f7d0c4e-4a6f-4f1e-9d3b-6d1f0b7e5a10")


def _compact(data: dict, keep: tuple[str, ...] = ()) -> dict:
    return {k: v for k, v in data.items() if k in keep or (v is not None and v != "")}


def _iso(dt) -> str | None:
    if dt is None:
        return None
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def organization_basic(org: Organization) -> dict:
    return _compact({
        "id": str(org.id), "name": org.name, "description": org.description or "",
        "email": org.email, "website": org.website, "logo": org.logo, "uri": org.uri,
        "parent_organization_id": str(org.parent_organization_id)
        if org.parent_organization_id else None,
    }, keep=("description",))


def organization_full(org: Organization, services=(), full_service: bool = False) -> dict:
    data = organization_basic(org)
    data["organization_identifiers"] = [
        _compact({"id": str(i.id), "organization_id": str(org.id),
                  "identifier_scheme": i.identifier_scheme,
                  "identifier_type": i.identifier_type, "identifier": i.identifier},
                 keep=("identifier_type", "identifier"))
        for i in org.identifiers.all()
    ]
    data["services"] = [service_full(s) if full_service else service_basic(s, nested=False)
                        for s in services]
    return data


def service_basic(service: Service, nested: bool = True) -> dict:
    data = _compact({
        "id": str(service.id), "organization_id": str(service.organization_id),
        "name": service.name, "description": service.description, "url": service.url,
        "email": service.email, "status": service.status,
        "fees": service.fees_description, "accreditations": service.accreditations,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
        "assured_date": service.last_checked.isoformat() if service.last_checked else None,
        "assurer_email": service.assurer_email, "alert": service.alert,
        # An imported entry gives back its source's own last_modified.
        "last_modified": _iso(service.source_last_modified or service.last_modified),
    })
    if nested:
        data["organization"] = organization_basic(service.organization)
    return data


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return _compact({
        "id": str(term.id), "name": term.name, "description": term.description or "",
        "parent_id": str(term.parent_id or term.parent_ref)
        if (term.parent_id or term.parent_ref) else None,
        "taxonomy": term.taxonomy_label or (term.taxonomy.name if term.taxonomy_id else None),
        "taxonomy_id": str(term.taxonomy_id) if term.taxonomy_id else None,
        "term_uri": term.term_uri, "term": term.code,
    }, keep=("description",))


def taxonomy(tax: Taxonomy, with_terms: bool = False) -> dict:
    data = _compact({"id": str(tax.id), "name": tax.name, "description": tax.description,
                     "uri": tax.uri, "version": tax.version}, keep=("description",))
    if with_terms:
        data["taxonomy_terms"] = [taxonomy_term(t) for t in tax.terms.all()]
    return data


def location(loc: Location, full: bool = True) -> dict:
    data = _compact({
        "id": str(loc.id), "location_type": loc.location_type, "name": loc.name,
        "description": loc.description, "latitude": loc.latitude, "longitude": loc.longitude,
        "external_identifier": loc.external_identifier,
        "external_identifier_type": loc.external_identifier_type,
    })
    if full:
        data["addresses"] = [
            _compact({
                "id": str(a.id), "location_id": str(loc.id), "attention": a.attention,
                "address_1": a.address_1, "city": a.city, "region": a.region,
                "state_province": a.state_province, "postal_code": a.postal_code,
                "country": a.country, "address_type": a.address_type,
            }, keep=("address_1", "city", "state_province", "postal_code", "country",
                     "address_type"))
            for a in loc.addresses.all()
        ]
        if not data["addresses"] and (loc.postal_code or loc.address_1):
            data["addresses"].append({
                "id": str(loc.address_id), "location_id": str(loc.id),
                "address_1": loc.address_1 or loc.name or loc.postal_code,
                "city": loc.city or "", "region": loc.region or "Scotland",
                "state_province": loc.region or "Scotland",
                "postal_code": loc.postal_code, "country": loc.country or "GB",
                "address_type": "physical",
            })
        data["accessibility"] = [
            _compact({"id": str(a.id), "location_id": str(loc.id),
                      "description": a.description, "details": a.details, "url": a.url,
                      "accessibility": a.accessibility})
            for a in loc.accessibility.all()
        ]
    return data


def service_at_location_basic(sal) -> dict:
    return {
        "id": str(sal.id), "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "location": location(sal.location, full=False),
        "service": service_basic(sal.service),
    }


def service_at_location_full(sal) -> dict:
    return {
        "id": str(sal.id), "service_id": str(sal.service_id),
        "location_id": str(sal.location_id), "location": location(sal.location),
    }


def _attribute(service: Service, term: TaxonomyTerm, given=None) -> dict:
    """`given`: the attribute as a feed gave it (its id and link type), if it did."""
    return {
        "id": str(given.id if given else uuid.uuid5(ATTRIBUTE_NAMESPACE,
                                                    f"{service.id}:{term.id}")),
        "link_id": str(service.id), "link_type": (given.link_type if given else "")
        or "service",
        "taxonomy_term_id": str(term.id), "taxonomy_term": taxonomy_term(term),
    }


def service_full(service: Service) -> dict:
    data = service_basic(service, nested=False)
    data["organization"] = organization_full(service.organization)
    data["organization"].pop("services", None)
    data["schedules"] = [
        _compact({
            "id": str(s.id), "service_id": str(service.id),
            "valid_from": s.valid_from.isoformat() if s.valid_from else None,
            "valid_to": s.valid_to.isoformat() if s.valid_to else None,
            "dtstart": s.dtstart.isoformat() if s.dtstart else None,
            "freq": s.freq, "interval": s.interval, "byday": s.byday,
            "bymonthday": s.bymonthday, "schedule_link": s.schedule_link,
            "opens_at": s.opens_at.isoformat() if s.opens_at else None,
            "closes_at": s.closes_at.isoformat() if s.closes_at else None,
            "description": s.description, "attending_type": s.attending_type, "notes": s.notes,
        })
        for s in service.schedules.all()
    ]
    data["service_areas"] = [
        _compact({
            "id": str(a.id), "service_id": str(service.id),
            "name": "Scotland" if a.is_national else (a.council.name if a.council_id
                                                      else a.name),
            "extent": a.extent, "extent_type": a.extent_type, "uri": a.uri,
            "service_area": a.council_id or ("national" if a.is_national else a.name),
        })
        for a in service.service_areas.all()
    ]
    data["service_at_locations"] = [service_at_location_full(sal)
                                    for sal in service.service_at_locations.all()]
    data["languages"] = [
        _compact({"id": str(lang.id), "service_id": str(service.id), "name": lang.name,
                  "code": lang.code, "note": lang.note})
        for lang in service.languages.all()
    ]
    data["funding"] = [_compact({"id": str(f.id), "service_id": str(service.id),
                                 "source": f.source}) for f in service.funding.all()]
    data["cost_options"] = [
        _compact({
            "id": str(c.id), "service_id": str(service.id),
            "valid_from": c.valid_from.isoformat() if c.valid_from else None,
            "valid_to": c.valid_to.isoformat() if c.valid_to else None,
            "option": c.option, "amount": float(c.amount) if c.amount is not None else None,
            "amount_description": c.amount_description,
        })
        for c in service.cost_options.all()
    ]
    data["contacts"] = [
        _compact({"id": str(c.id), "service_id": str(service.id), "name": c.name,
                  "title": c.title})
        for c in service.contacts.all()
    ]
    # Not in the UK profile's service schema but in HSDS 3.0: without it a feed loses the
    # one thing a family needs most.
    data["phones"] = [
        _compact({"id": str(p.id), "number": p.number, "description": p.description},
                 keep=("number",))
        for p in service.phones.all()
    ]
    given = {a.taxonomy_term_id: a for a in service.attributes.all()}
    data["attributes"] = [_attribute(service, t, given.get(t.pk))
                          for t in service.taxonomy_terms.all()]
    if service.attribution:
        data["attributes"].append(source_attribute(service))
    return data


def source_attribute(service: Service) -> dict:
    """Where an entry copied from another directory came from, with the attribution its
    licence requires, as an ORUK attribute (link_type "data_source")."""
    term_id = str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"source:{service.source}"))
    return {
        "id": str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"{service.id}:source")),
        "link_id": str(service.id), "link_type": "data_source", "taxonomy_term_id": term_id,
        "taxonomy_term": _compact({
            "id": term_id, "name": f"Source: {service.source.upper()}",
            "description": service.attribution, "term_uri": service.licence_url,
            "taxonomy": "Kinship Hub data sources",
            "term": service.source_url or service.source,
        }, keep=("description",)),
    }
