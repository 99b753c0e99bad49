# A check that fails to run: its result is "not checked", never the trainee's failure.
exit 9
