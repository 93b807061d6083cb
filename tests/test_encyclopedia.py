"""The in-game encyclopedia: articles as data in the scenario, checked like the rest of the file,
patched by mods, and the screen that shows them (opened from the menu and by clicking a name).

The screen is driven with synthetic events like a player would: a click on the menu's button,
typing in the search box, a click on a row of the list, a click on a commander's name in the
map's side panel.
"""

from __future__ import annotations

import os

import pytest

from game.paths import DEFAULT_SCENARIO, SCENARIOS_DIR
from game.scenario.encyclopedia import CATEGORIES, Index
from game.scenario.loader import check_text, load_scenario
from game.scenario.mods import load_with_mods

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

SHIPPED = sorted(SCENARIOS_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_SCENARIO)


def _entities(scenario, prefix):
    obj = scenario
    for name in prefix:
        obj = getattr(obj, name)
    return obj


# ------------------------------------------------------------------------------ the data


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_entity_of_a_shipped_scenario_has_a_sourced_article(path):
    scenario = load_scenario(path)
    assert scenario.encyclopedia is not None
    sources = {s.id for s in scenario.meta.sources}
    for category, (prefix, what, required) in CATEGORIES.items():
        articles = {a.id: a for a in getattr(scenario.encyclopedia, category)}
        if not required:
            continue
        for entry in _entities(scenario, prefix):
            article = articles.get(entry.id)
            assert article is not None, f"{what} {entry.id} has no article"
            assert article.text.strip() and article.source, entry.id
            assert set(article.source) <= sources, entry.id
            if article.confidence.value == "disputed":
                assert article.note.strip(), entry.id


def test_1921_covers_every_required_kind(scenario):
    enc = scenario.encyclopedia
    assert {a.id for a in enc.commanders} == {c.id for c in scenario.commanders}
    assert {a.id for a in enc.places} == {p.id for p in scenario.map.places}
    assert len(enc.events) == len(scenario.events) == 11
    assert enc.topics and enc.topics[0].title


def _without_article(text: str, ident: str) -> str:
    """The 1921 file with the commanders' article on `ident` taken out."""
    start = text.index(f"    - id: {ident}\n", text.index("\nencyclopedia:"))
    end = text.index("\n    - id: ", start + 1)
    return text[:start] + text[end + 1 :]


def test_a_missing_article_is_a_located_warning():
    text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    scenario, diagnostics = check_text(_without_article(text, "rezukhin"), "1921.yaml")
    assert scenario is not None
    found = [d for d in diagnostics if d.code == "encyclopedia-missing"]
    assert len(found) == 1 and found[0].severity == "warning"
    d = found[0]
    assert d.path[0] == "commanders" and "rezukhin" in d.message
    line = text.splitlines()[d.line - 1]
    assert "id: rezukhin" in line  # at the commander's own id, in the commanders list


def test_an_article_on_nothing_is_an_orphan_with_a_suggestion():
    text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    broken = text.replace("    - id: rokossovsky\n      text:", "    - id: rokosovsky\n      text:")
    scenario, diagnostics = check_text(broken, "1921.yaml")
    codes = sorted(d.code for d in diagnostics)
    assert codes == ["encyclopedia-missing", "encyclopedia-orphan"]
    orphan = next(d for d in diagnostics if d.code == "encyclopedia-orphan")
    assert "did you mean 'rokossovsky'" in orphan.message
    assert orphan.path[:2] == ("encyclopedia", "commanders")


def test_an_article_needs_a_source_and_a_text():
    text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    start = text.index("      source: [s4_voronkova, g_rokossovsky_service, g_rokossovsky]")
    broken = text[:start] + "      source: []" + text[text.index("\n", start) :]
    _, diagnostics = check_text(broken, "1921.yaml")
    errors = [d for d in diagnostics if d.severity == "error"]
    assert errors and errors[0].path[:3] == ("encyclopedia", "commanders", 8)


def test_a_scenario_without_the_section_gets_no_warnings():
    minimal = (SCENARIOS_DIR.parent / "tests" / "data" / "minimal.yaml").read_text()
    _, diagnostics = check_text(minimal, "minimal.yaml")
    assert not [d for d in diagnostics if d.code.startswith("encyclopedia")]


def test_mods_add_and_update_articles_by_id():
    scenario = load_with_mods(None, ["kazagrandi"])
    commanders = {a.id: a for a in scenario.encyclopedia.commanders}
    assert "kazagrandi" in commanders and commanders["kazagrandi"].source
    events = {a.id: a for a in scenario.encyclopedia.events}
    assert "kazagrandi_joins" in events
    assert "a unit of its own" in events["kazagrandi_van_khure"].note
    assert events["kazagrandi_van_khure"].text.startswith("Colonel Kazagrandi held")


# ------------------------------------------------------------------------------ the pages


def test_pages_gather_text_facts_links_and_sources(scenario):
    index = Index(scenario)
    assert index.categories()[:4] == ["commanders", "factions", "units", "unit_types"]
    ungern = index.get("commanders/ungern")
    assert ungern.authored and "Urga" in ungern.text
    assert any(link.key == "units/w_ungern_brigade" for link in ungern.links)
    assert all(src.title for src in ungern.sources)
    urga = index.get("places/urga")
    assert "Ulaanbaatar" in urga.names and any("47.92" in f for f in urga.facts)
    assert any(link.key == "history/e_urga_taken" for link in urga.links)
    unit = index.get("units/r_103rd_brigade")  # no article: a page from its data
    assert not unit.authored and unit.sources and any("Strength" in f for f in unit.facts)
    battle = index.get("battles/b_gusinoozersk_datsan")
    assert battle.text and battle.sources
    for page in index.pages:  # every link leads somewhere
        for link in page.links:
            assert index.get(link.key) is not None, (page.key, link.key)


def test_search_filters_by_words_and_category(scenario):
    index = Index(scenario)
    found = index.search("ulaanbaatar")
    assert [p.key for p in found][:1] == ["places/urga"]
    assert all(p.category == "commanders" for p in index.search("", "commanders"))
    assert len(index.search("", "commanders")) == 9
    assert index.search("rezukhin egiin", "history")
    assert index.search("no such thing anywhere") == []
    assert index.key_for_name("Kyakhta", ("places",)) == "places/troitskosavsk"
    assert index.key_for_name("Roman von Ungern-Sternberg") == "commanders/ungern"


# ------------------------------------------------------------------------------ the screen


@pytest.fixture(scope="module")
def world(scenario):
    from game.engine.world import build_world

    return build_world(scenario)


@pytest.fixture
def app(world, tmp_path, monkeypatch):
    import pygame

    from game import userdata
    from game.ui import theme
    from game.ui.app import App

    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    a = App(world, seed=3)
    a.step(0.016, [])
    yield a
    theme.set_ui_scale(1.0)
    pygame.display.quit()


def _ev(kind, **attrs):
    import pygame

    return pygame.event.Event(kind, attrs)


def _click(app, pos):
    import pygame

    pos = pos if isinstance(pos, tuple) else pos.rect.center
    app.step(
        0.016,
        [
            _ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            _ev(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            _ev(pygame.MOUSEBUTTONUP, pos=pos, button=1),
        ],
    )
    app.step(0.016, [])


def _open_from_menu(app):
    from game.ui.encyclopedia import EncyclopediaScene

    menu = app.stack.top
    button = next(b for b in menu.buttons if b.text == "Encyclopedia")
    _click(app, button)
    scene = app.stack.top
    assert isinstance(scene, EncyclopediaScene)
    return scene


def test_search_filters_and_clicking_a_row_shows_the_entry(app):
    import pygame

    from game.ui.encyclopedia import open_entry

    scene = open_entry(app)
    app.step(0.016, [])
    assert app.stack.top is scene
    assert len(scene.rows) == len(scene.index.pages) > 80
    _click(app, scene.search)  # type into the search box as a player would
    app.step(0.016, [_ev(pygame.TEXTINPUT, text=c) for c in "selenga"])
    app.step(0.016, [])
    assert scene.query == "selenga"
    titles = [page.title for page, _ in scene.rows]
    assert 0 < len(titles) < 30 and all(p.matches("selenga") for p, _ in scene.rows)
    _click(app, scene.cat_buttons["places"])
    assert scene.category == "places" and all(p.category == "places" for p, _ in scene.rows)
    page, row = next((p, b) for p, b in scene.rows if p.id == "selenginsk")
    _click(app, row)
    assert scene.current.key == "places/selenginsk"
    assert "Selenginsk" in scene.details.html_text and "Sources" in scene.details.html_text
    app.step(0.016, [_ev(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="")])
    app.step(0.016, [])
    assert type(app.stack.top).__name__ == "MenuScene"


def test_links_and_keys_move_between_pages(app):
    import pygame
    import pygame_gui

    from game.ui.encyclopedia import open_entry

    scene = open_entry(app, "places/urga")
    app.step(0.016, [])
    assert scene.current.key == "places/urga" and scene.category == "places"
    scene.show("commanders/ungern")
    assert "units/w_ungern_brigade" in scene.details.html_text
    app.step(
        0.016,
        [
            _ev(
                pygame_gui.UI_TEXT_BOX_LINK_CLICKED,
                ui_element=scene.details,
                link_target="units/w_ungern_brigade",
            )
        ],
    )
    assert scene.current.key == "units/w_ungern_brigade"
    app.step(0.016, [_ev(pygame.KEYDOWN, key=pygame.K_BACKSPACE, mod=0, unicode="")])
    assert scene.current.key == "commanders/ungern"
    _click(app, scene.cat_buttons["commanders"])
    app.step(0.016, [_ev(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode="")])
    assert scene.current.key == "commanders/rezukhin"


def test_the_menu_opens_it(app):
    scene = _open_from_menu(app)
    assert scene.current is not None and scene.category == "all"
    scene.app.back()
    app.step(0.016, [])
    assert type(app.stack.top).__name__ == "MenuScene"


def test_clicking_the_commander_in_the_side_panel_opens_his_page(app, world):
    from game.ui.map_scene import MapScene

    menu = app.stack.top
    menu.set_side("white")
    menu.start()
    app.step(0.016, [])
    scene = app.stack.top
    assert isinstance(scene, MapScene)
    unit = world.unit_ids.index("w_ungern_brigade")
    scene.session.selected = [unit]
    app.step(0.016, [])
    links = dict((key, rect) for rect, key in scene.panel.links.rects)
    assert {"commanders/ungern", "units/w_ungern_brigade"} <= set(links)
    _click(app, links["commanders/ungern"].center)
    book = app.stack.top
    assert type(book).__name__ == "EncyclopediaScene"
    assert book.current.key == "commanders/ungern"
    book.app.back()
    app.step(0.016, [])
    assert app.stack.top is scene  # back on the map, the game untouched
    _click(app, links["units/w_ungern_brigade"].center)
    assert app.stack.top.current.key == "units/w_ungern_brigade"


def test_clicking_the_place_in_a_replay_caption_opens_it(app):
    import datetime as dt

    from game.ui.replay_scene import ReplayScene

    app.push(ReplayScene(app, date=dt.date(1921, 7, 6)))
    for _ in range(3):
        app.step(0.016, [])
    replay = app.stack.top
    links = dict((key, rect) for rect, key in replay.panel.links.rects)
    assert "places/urga" in links, links
    _click(app, links["places/urga"].center)
    book = app.stack.top
    assert type(book).__name__ == "EncyclopediaScene" and book.current.key == "places/urga"


def test_the_battle_report_links_its_place_and_commanders(app, world):
    from game.ui.panels import BattleReportPanel
    from game.ui.session import BattleReport, Force

    menu = app.stack.top
    menu.start()
    app.step(0.016, [])
    session = app.stack.top.session
    h = int(world.place_hex[world.place_index["troitskosavsk"]])
    report = BattleReport(
        hex=h,
        place="Troitskosavsk",
        date="6 June 1921",
        turn=12,
        phase=0,
        attacker=Force(
            0,
            [("Ungern's brigade", (0, 900, 2, 6))],
            (0, 900, 2, 6),
            "Roman von Ungern-Sternberg",
            0.7,
            True,
        ),
        defender=Force(
            1, [("Troitskosavsk garrison", (400, 0, 0, 6))], (400, 0, 0, 6), "", 0.7, True
        ),
        odds=1.5,
        outcome="attacker_repulsed",
        outcome_text="attack repulsed",
        days=2,
        att_loss=(0, 120, 0, 0),
        def_loss=(40, 0, 0, 0),
        att_prisoners=(0, 0, 0, 0),
        def_prisoners=(0, 0, 0, 0),
        modifiers={},
    )
    panel = BattleReportPanel()
    panel.draw(app.screen, session, report, (40, 60))
    keys = {key for _, key in panel.links.rects}
    assert keys == {"places/troitskosavsk", "commanders/ungern"}
    rect = next(r for r, k in panel.links.rects if k == "commanders/ungern")
    assert panel.links.at((rect.centerx + 40, rect.centery + 60)) == "commanders/ungern"


def test_random_input_never_crashes_the_screen(app):
    """The monkey of tests/test_monkey.py on this screen: clicks, keys, text, resizes."""
    from game.ui.encyclopedia import EncyclopediaScene, open_entry
    from tests.test_monkey import PER_FRAME, Monkey

    monkey = Monkey(1921)
    open_entry(app, "commanders/ungern")
    for _ in range(1500 // PER_FRAME):
        if not isinstance(app.stack.top, EncyclopediaScene):
            app.to_menu()
            open_entry(app)
        app.step(0.016, monkey.events(app, PER_FRAME))
        assert not app.crashes, app.crashes
        app.running = True  # the monkey may press Esc on the menu behind
