"""The real campaign of 1921 and replays of played games: everything a replay screen needs, with
no pygame. See docs/HISTORY.md for the format of the scenario's `history` section and the API.

Modules:
    timeline     Timeline(world) / timeline_for(world): positions, control, events on any date
    controller   ReplayClock: play/pause, steps by day and event, speed, seeking, camera follow
    battles      predict_battles / predict_battle: the resolver's forecast beside the record
    calibration  calibrate(world); history_summary(world, runs) for batches of historical players
    takecommand  historical_state / take_command: a game from the historical positions of a date
    compare      ghosts / compare_with_history: history beside a game in progress
    gamereplay   GameReplay: a played game re-run, hash-checked, seekable; "continue from here"
    replayfile   write_replay / read_game_file: saves plus per-file and per-key digests
    headless     history_json / game_json: the state on a date as JSON
    export       export_gif: an animated GIF (Pillow)
    command      the `replay` command line
"""
