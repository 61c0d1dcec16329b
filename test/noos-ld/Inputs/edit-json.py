"""edit-json.py FILE STATEMENT: runs STATEMENT on the JSON of FILE, as d,
and writes it back (a broken targets.json or board file for a test)."""
import json
import sys

path, statement = sys.argv[1], sys.argv[2]
d = json.load(open(path))
exec(statement)
json.dump(d, open(path, "w"))
