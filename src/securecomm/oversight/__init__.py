"""Quarterly statistical monitoring of jurisdictions: pure analysis over count tables (issue 7).

Entry points, one module each (imported directly, so importing one does not pay for the others):

* `table.parse_counts_csv` / `table.CountTable`: the typed input, from a CSV or the database
  (`from_db.flow_counts` over facts the storage adapter reads from the booking flow's tables);
* `analysis.analyze`: every measure and the flags with their evidence (`outliers`, `did`,
  `effectiveness`, `betabinom`, `multiple` hold the statistics);
* `report.render_report`: the HTML/PDF report, pictures (`figures`, `maps`) and public statistics
  (`public`, `suppression`), as bytes for the caller to write;
* `package.build_package`: the quarterly package of one quarter from the database (its history analysed,
  its own cells flagged); `delivery.deliver_package`: its audited delivery to the DOJ liaison, opening a
  referral per flag;
* `referral`: the review workflow as a pure state machine; `referral_desk.ReferralDesk`: each step an
  audited act on stored referrals (ports in `ports`);
* `simulation`: synthetic jurisdictions with planted pretextual arrests (tests, bench/oversight_power.py);
* `worked_example` / `worked_report`: the worked example on real public data.

The method is the reference system's own (docs/oversight.md); DHS's actual protocol is not public.
"""
