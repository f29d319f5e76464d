"""Small helpers that act like a person on our pages: fill a form by field names, fire an
action from the case page."""

FILL_JS = """
([scope, name, value]) => {
  const root = document.querySelector(scope);
  const fields = root.querySelectorAll(`[name="${name}"]`);
  if (!fields.length) throw new Error(`no field ${name} in ${scope}`);
  return fields[0].type || fields[0].tagName.toLowerCase();
}
"""


def fill(page, scope: str, values: dict) -> None:
    """Fill fields inside ``scope`` (a CSS selector) the way a user would."""
    for name, value in values.items():
        kind = page.evaluate(FILL_JS, [scope, name, value])
        selector = f'{scope} [name="{name}"]'
        if kind == "radio":
            page.check(f'{selector}[value="{value}"]')
        elif kind == "checkbox":
            page.set_checked(selector, bool(value))
        elif kind in ("select-one", "select"):
            page.select_option(selector, str(value))
        else:
            page.fill(selector, str(value))


def act(page, name: str, values: dict | None = None) -> None:
    """Open an action on the case page, fill it and submit it."""
    scope = f"#action-{name}"
    if not page.is_visible(f"{scope} form"):
        page.click(f"{scope} > summary")
    fill(page, f"{scope} form", values or {})
    with page.expect_navigation():
        page.click(f"{scope} form button[type=submit]")


def message(page) -> str:
    return page.inner_text(".messages") if page.is_visible(".messages") else ""
