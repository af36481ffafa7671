from django.shortcuts import render


def home(request):
    return render(request, "web/home.html")


def accessibility(request):
    return render(request, "web/accessibility.html")


def privacy(request):
    return render(request, "web/privacy.html")


def cookies(request):
    return render(request, "web/cookies.html")


def trivial(request):
    """A bare page for benchmarks to compare our pages against on the same server."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")
