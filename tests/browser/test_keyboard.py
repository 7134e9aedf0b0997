"""A keyboard reader can reach every link, in reading order, and always sees where the focus is."""

from __future__ import annotations

import pytest

from browser.samples import actor_with_most_claims, first_question, first_source

# One page of each type: tabbing through hundreds of links is slow, and pages of a type share a template.
SAMPLE = ["index.html", f"actors/{actor_with_most_claims()}/index.html", "center/index.html",
          f"questions/{first_question()}/index.html", "timeline/index.html", f"sources/{first_source()}/index.html"]

# Style is read as each element receives focus, when :focus-visible applies.
RECORD_FOCUS = """() => {
  window.focusLog = [];
  document.addEventListener('focusin', event => {
    const style = getComputedStyle(event.target);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    window.focusLog.push({element: event.target, indicator: outline || style.boxShadow !== 'none'});
  });
  const focusable = 'a[href], summary, button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(focusable)].filter(e => e.checkVisibility()).length;
}"""

# Links are named by their position among all links, so two with the same text stay apart.
RESULT = """() => {
  const all = [...document.querySelectorAll('a[href]')];
  const name = a => `#${all.indexOf(a)} ${a.textContent.trim().slice(0, 40)} -> ${a.getAttribute('href')}`;
  const visible = all.filter(a => a.checkVisibility() && a.getClientRects().length > 0);
  return {
    expected: visible.map(name),
    visited: window.focusLog.map(f => f.element).filter(e => e.matches('a[href]')).map(name),
    unmarked: window.focusLog.filter(f => !f.indicator).map(f => f.element.outerHTML.slice(0, 120)),
  };
}"""


@pytest.mark.parametrize("path", SAMPLE)
def test_tab_reaches_every_link_in_order_with_a_visible_focus(open_page, path):
    page = open_page(path)
    for _ in range(page.evaluate(RECORD_FOCUS)):
        page.keyboard.press("Tab")
    result = page.evaluate(RESULT)
    assert result["visited"] == result["expected"]
    unmarked = result["unmarked"]
    assert unmarked == [], f"{len(unmarked)} focused without a visible outline or box-shadow: {unmarked[:3]}"
