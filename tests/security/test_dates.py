"""Item 12: the calendar's ends as the check date.  ``--today 9999-12-31`` (or ``0001-01-01``)
crashed the expiry rule (``today + warn_days`` left the calendar) and its findings were lost;
document dates are now compared by day counts (fixed in the refactor).  And a pack's examples
are now judged on a fixed date (``listlint.engine.selftest.EXAMPLE_DATE``), not on the run's:
with ``--today 9999-12-31`` the good example of ``qualification/document-expired`` (a licence
valid until 2099) was expired, so no pack loaded at all.

Confirmed failing before (``LISTLINT_UNDER_TEST=/work/wt-landed``): both dates ended in exit 2,
``bad rule pack: …qualification.yaml:308: rule 'qualification/document-expired': good example
is flagged`` (9999-12-31) / ``bad example produces no finding`` (0001-01-01) — the refactored
code too, until the self-tests got their own date.
"""

from __future__ import annotations

import pytest

from .helpers import diagnostics, run

DRAFT = """\
category: 数码/手机配件/移动电源
title: 20000毫安移动电源
documents:
  - {type: ccc_certificate, number: '2021011234567890', issued: 2020-01-01, expires: 2024-01-01}
  - {type: food_production_license, number: SC11433010200125, expires: 9999-12-31}
  - {type: quality_inspection_report, number: QR-1, issued: 0001-01-01}
  - {type: brand_authorization, number: BA-1, expires: 0001-01-20}
  - {type: trademark_registration, number: '12345678', issued: 9999-12-31}
"""
EXPECTED = {
    "9999-12-31": {
        ("documents[0].expires", "qualification/document-expired", "error"),  # expired
        ("documents[1].expires", "qualification/document-expired", "warning"),  # today: soon
        ("documents[2].issued", "qualification/report-stale", "warning"),  # old report
        ("documents[3].expires", "qualification/document-expired", "error"),
    },
    "0001-01-01": {
        ("documents[0].issued", "qualification/document-issued-future", "error"),
        ("documents[3].expires", "qualification/document-expired", "warning"),  # 19 days left
        ("documents[4].issued", "qualification/document-issued-future", "error"),
    },
}
DATED = {"qualification/document-expired", "qualification/document-issued-future",
         "qualification/report-stale"}  # fmt: skip


@pytest.mark.parametrize("today", sorted(EXPECTED))
@pytest.mark.parametrize("how", ["option", "config"])
def test_documents_at_the_ends_of_the_calendar(tmp_path, cache, today, how):
    (tmp_path / "d.yaml").write_text(DRAFT, encoding="utf-8")
    args = ["check", "d.yaml", "-f", "json", "--no-cache"]
    if how == "option":
        args += ["--today", today]
    else:
        (tmp_path / "listlint.yaml").write_text(f"today: {today}\n", encoding="utf-8")
    proc = run(args, cache=cache, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr[-2000:]
    found = diagnostics(proc.stdout)
    assert not [d for d in found if d["rule"] == "draft/internal-error"], found
    dated = {(d["field"], d["rule"], d["severity"]) for d in found if d["rule"] in DATED}
    assert dated == EXPECTED[today]
