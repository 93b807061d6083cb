"""Languages: the catalogues are complete, scenario translations are checked like scenarios, the
language never touches the rules or the saves, and no screen draws a string that skipped gettext."""

from __future__ import annotations

import datetime as dt
import os
import textwrap

import pytest

from game import i18n
from game.i18n_catalog import check
from game.paths import DEFAULT_SCENARIO
from game.scenario import translation as T
from game.scenario.loader import load_scenario

FR = T.translation_file(DEFAULT_SCENARIO, "fr")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_SCENARIO)


# ----------------------------------------------------------------------------- the catalogues


def test_every_string_of_the_game_has_its_french():
    problems = check("fr")
    assert not problems, "\n".join(map(str, problems[:40])) + f"\n({len(problems)} in all)"


def test_languages_are_named_in_themselves():
    assert i18n.languages() == {"en": "English", "fr": "Français"}


def test_an_unknown_language_is_refused_and_changes_nothing():
    i18n.set_language("fr")
    with pytest.raises(i18n.UnknownLanguage, match="there are: en, fr"):
        i18n.set_language("tlh")
    assert i18n.language() == "fr"


def test_french_translates_and_english_is_the_source():
    assert i18n._("Settings") == "Settings"
    i18n.set_language("fr")
    assert i18n._("Settings") == "Paramètres"


def test_dates_and_numbers_follow_the_language():
    day = dt.date(1921, 6, 4)
    assert i18n.format_date(day) == "4 June 1921"
    assert i18n.format_number(7600) == "7,600"
    i18n.set_language("fr")
    assert i18n.format_date(day) == "4 juin 1921"
    assert i18n.format_date(day, "day") == "4 juin"
    assert i18n.format_number(7600).replace("\u202f", " ").replace("\xa0", " ") == "7 600"


def test_the_pseudo_language_brackets_every_string():
    i18n.set_language(i18n.PSEUDO)
    assert i18n._("End turn") == "⟦End turn⟧"
    assert i18n.bare(i18n._("{unit} attacks").format(unit=i18n.pseudo("Rezukhin"))) == ""
    assert i18n.bare("⟦Turn⟧ 3 of ⟦x⟧") == " 3 of "


# ----------------------------------------------------------------------------- scenario texts


def test_the_1921_scenario_is_completely_translated_into_french(scenario):
    t = T.read(FR, scenario, "fr")
    assert [d.format() for d in t.diagnostics] == []
    assert T.missing(scenario, [t]) == []


def test_a_translation_changes_texts_and_nothing_else(scenario):
    t = T.read(FR, scenario, "fr")
    french = T.apply(scenario, [t])
    assert french.meta.title != "" and french.factions[0].name != scenario.factions[0].name
    strip = {f: "" for f in T.TEXT_FIELDS}

    def without_texts(value):
        if isinstance(value, dict):
            return {
                k: strip.get(k, without_texts(v)) if k in strip else without_texts(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [without_texts(v) for v in value]
        return value

    assert without_texts(french.model_dump(mode="json")) == without_texts(
        scenario.model_dump(mode="json")
    )


def _write(tmp_path, body: str):
    path = tmp_path / "t.fr.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_translation_errors_are_located(tmp_path, scenario):
    path = _write(
        tmp_path,
        """\
        translation: {language: de, scenario: "1921"}
        factions:
          fer:
            nme: "x"
            side: white
          nowhere: {name: "y"}
        unit_types:
          infantry: {movement: 9}
        """,
    )
    found = [(d.line, d.col, d.message) for d in T.read(path, scenario, "fr").diagnostics]
    assert found == [
        (1, 15, "is for 'de', not 'fr'"),
        (4, 5, "no 'nme' in 'factions.fer' — did you mean 'name'?"),
        (5, 5, f"'side' is not a text: only {', '.join(sorted(T.TEXT_FIELDS))} translate"),
        (6, 3, found[3][2]),
        (8, 14, found[4][2]),
    ]
    assert found[3][2].startswith("no 'nowhere' in 'factions'")
    assert "'movement' is not a text" in found[4][2]


def test_a_broken_translation_costs_its_texts_not_the_game(tmp_path, scenario):
    scenarios = tmp_path / "scenarios"
    (scenarios / "translations").mkdir(parents=True)
    base = scenarios / "1921.yaml"
    base.write_bytes(DEFAULT_SCENARIO.read_bytes())
    (scenarios / "translations" / "1921.fr.yaml").write_text("translation: [", encoding="utf-8")
    translated, diagnostics = T.translate(scenario, [base], "fr")
    assert translated is scenario
    assert diagnostics and diagnostics[0].file.endswith("1921.fr.yaml")


def test_a_game_saved_in_french_loads_in_english(tmp_path):
    from game import saves
    from game.cli import _load_world
    from game.history.replayfile import key_digests

    i18n.set_language("fr")
    french = _load_world(str(DEFAULT_SCENARIO))
    i18n.set_language("en")
    english = _load_world(str(DEFAULT_SCENARIO))
    assert french.scenario.meta.description != english.scenario.meta.description
    assert french.base is not None and english.base is None
    assert key_digests(french.canonical) == key_digests(english.canonical)
    game = saves.new_game(french, 3)
    path = tmp_path / "slot.json"
    saves.save_game(path, game, "fp")
    again = saves.restore(saves.read_save(path), english, "fp")
    assert again.state.state_hash() == game.state.state_hash()


def test_validate_reports_the_translations(tmp_path, capsys, scenario):
    from game.scenario.validate import validate_paths

    assert validate_paths([str(DEFAULT_SCENARIO)]) == 0
    assert "untranslated" not in capsys.readouterr().out
    scenarios = tmp_path / "scenarios"
    (scenarios / "translations").mkdir(parents=True)
    base = scenarios / "1921.yaml"
    base.write_bytes(DEFAULT_SCENARIO.read_bytes())
    (scenarios / "translations" / "1921.fr.yaml").write_text(
        'translation: {language: fr, scenario: "1921"}\nsides:\n  red: {name: "Rouges"}\n',
        encoding="utf-8",
    )
    assert validate_paths([str(base)]) == 0  # texts left in English are a warning
    out = capsys.readouterr().out
    assert "not translated into fr" in out and "[untranslated]" in out


# ----------------------------------------------------------------------------- the command line


def test_lang_option(capsys):
    from game.cli import main

    assert main(["--lang", "tlh", "info"]) == 2
    assert "no language 'tlh' (there are: en, fr)" in capsys.readouterr().err
    assert main(["--lang", "fr", "info", "--json"]) == 0
    assert i18n.language() == "fr"


# ----------------------------------------------------------------------------- every screen


@pytest.mark.skipif(os.environ.get("SDL_VIDEODRIVER") != "dummy", reason="needs the dummy driver")
def test_no_screen_draws_a_string_that_skipped_gettext(tmp_path):
    from tests.i18n_probe import screens_in_pseudo

    probe = screens_in_pseudo(tmp_path)
    assert not probe.found, "drawn without _():\n" + probe.report()
