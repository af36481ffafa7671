from django.conf import settings


def site(request):
    return {
        "SERVICE_NAME": settings.KINSHIP["SERVICE_NAME"],
        "QUICK_EXIT_URL": settings.KINSHIP["QUICK_EXIT_URL"],
        "QUICK_EXIT_ALT_URL": settings.KINSHIP["QUICK_EXIT_ALT_URL"],
        "NATIONAL_ADVICE_LINE": settings.KINSHIP["NATIONAL_ADVICE_LINE"],
    }


def language_links(request):
    """Links to this page in each language (URL prefixes, so no cookie is needed)."""
    from django.urls import translate_url
    from django.utils.translation import get_language, get_language_info

    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return {"language_links": links, "translation_draft": translation_is_draft(current)}


def translation_is_draft(language: str | None) -> bool:
    """A translation is a draft until a reviewer signs it off in TRANSLATION_REVIEWS (English,
    the source language, needs none)."""
    if not language or language == settings.LANGUAGE_CODE:
        return False
    review = settings.TRANSLATION_REVIEWS.get(language) or {}
    return not (review.get("reviewer") and review.get("date"))


def navigation(request):
    from .navigation import footer_nav, public_nav, staff_nav

    user = getattr(request, "user", None)
    is_staff_page = request.path.startswith(("/staff/", "/accounts/", "/admin/"))
    return {
        "public_nav": [] if is_staff_page else public_nav(),
        "footer_nav": [] if is_staff_page else footer_nav(),
        "staff_nav": staff_nav(user) if is_staff_page and user and user.is_authenticated else [],
    }
