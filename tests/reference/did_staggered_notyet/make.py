"""Not-yet-treated comparison on did_staggered_sim's panel with csdid 0.4.3 (R did's port).

Run from the repository root: python3 tests/reference/did_staggered_notyet/make.py
"""
import contextlib, io, json, sys, warnings
import numpy as np, pandas as pd
import csdid
from csdid.att_gt import ATTgt

warnings.filterwarnings("ignore")
root = sys.argv[1] if len(sys.argv) > 1 else "tests/reference"
df = pd.read_csv(f"{root}/did_staggered_sim/panel.csv")
a = ATTgt(yname="y", tname="period", idname="id", gname="cohort", data=df,
          control_group="notyettreated", xformla=None, panel=True,
          allow_unbalanced_panel=False, anticipation=0, cband=False, alp=0.05)
with contextlib.redirect_stdout(io.StringIO()):
    a.fit(est_method="dr", base_period="varying", bstrap=False)
r = a.results
out = {"peer": {"csdid": csdid.__version__ if hasattr(csdid, "__version__") else "0.4.3",
                "python": sys.version.split()[0], "pandas": pd.__version__, "numpy": np.__version__},
       "call": "ATTgt(control_group='notyettreated', panel=True, allow_unbalanced_panel=False, anticipation=0).fit(est_method='dr', base_period='varying', bstrap=False); aggte(typec, bstrap=False, cband=False)",
       "group_time": {"group": [float(x) for x in r["group"]], "time": [float(x) for x in r["year"]],
                      "att": [float(x) for x in r["att"]], "se": [float(x) for x in r["se"]]},
       "aggregations": {}}
for typec in ["simple", "dynamic", "group", "calendar"]:
    with contextlib.redirect_stdout(io.StringIO()):
        a.aggte(typec=typec, bstrap=False, cband=False, alp=0.05)
    ag = a.atte
    d = {"overall_att": float(np.asarray(ag["overall_att"]).ravel()[0]),
         "overall_se": float(np.asarray(ag["overall_se"]).ravel()[0])}
    if typec != "simple":
        d["e"] = [float(x) for x in ag["egt"]]
        d["att_e"] = [float(x) for x in ag["att_egt"]]
        d["se_e"] = [float(x) for x in np.asarray(ag["se_egt"]).ravel()]
    out["aggregations"][typec] = d
with open(f"{root}/did_staggered_notyet/expected.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
