"""Key pages raise no Content-Security-Policy violation in Chromium: no inline script, style
attribute or foreign resource slipped into a template."""


from cases.models import Case
from tests.browser.test_roles import case, user  # noqa: F401  (the case fixture)

VIOLATION_JS = """
() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
}
"""


def violations_on(page, paths: list[str]) -> list[str]:
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.context.add_init_script(f"({VIOLATION_JS})()")
    found = []
    for path in paths:
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
        found += [f"{path}: {v}" for v in page.evaluate("window.__csp || []")]
    return found + console


def test_case_pages_raise_no_csp_violation(visit, case):  # noqa: F811
    page = visit("handler")
    assert page.request.get(page.base_url + "/").headers["content-security-policy"]
    letters = f"/cases/{case.pk}/"
    assert violations_on(page, ["/", "/cases/", "/cases/new/", letters, "/calendar/",
                                "/reports/annual/", "/reports/dashboard/", "/tasks/",
                                "/accounts/two-factor/", "/accounts/password/"]) == []


def test_oversight_and_admin_pages_raise_no_csp_violation(visit, case):  # noqa: F811
    assert Case.objects.filter(pk=case.pk).exists()
    page = visit("auditor")
    assert violations_on(page, ["/", "/audit/", f"/audit/cases/{case.pk}/", "/accounts/log/"]) == []
    page = visit("admin")
    assert violations_on(page, ["/", "/accounts/staff/", "/api/v1/docs/", "/admin/"]) == []
