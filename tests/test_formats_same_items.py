"""One plan, four formats: the same items, each grounded in its own file's source text.

Rule: a plan read from .txt, .docx, .html or .pdf yields the same quantity items
(value, value_max, unit, kind, relation, year), and every item's span points at
exactly its text in that file's decoded source, whose digits are the item's value.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest

from planwatch.records import Document, Item
from planwatch.services.extraction import read_document

TITLE = "青松县教育高质量发展三年行动计划（2024—2026年）"

# The plan as paragraphs; TABLE marks where the table of main indicators stands.
PARAGRAPHS = [
    f"青松县人民政府关于印发{TITLE}的通知",
    "青松政发〔2024〕12号",
    "各乡镇人民政府，县直各有关单位：",
    f"现将《{TITLE}》印发给你们，请结合实际认真贯彻执行。",
    "青松县人民政府",
    "2024年4月8日",
    TITLE,
    "为贯彻落实《示范省教育高质量发展行动方案》，加快建设教育强县，结合我县实际，制定本行动计划。",
    "一、发展基础",
    "2023年，全县学前教育毛入园率89.5%，九年义务教育巩固率95.1%，共有公办幼儿园21所。"
    "近三年累计投入教育经费约4.6亿元。",
    "二、主要目标",
    "到2026年，全县学前教育毛入园率达到92%以上，九年义务教育巩固率保持在96.5%以上，"
    "普惠性幼儿园覆盖率达到９０％，小学生师比控制在19：1以内。",
    "三、主要任务",
    "（一）扩大学前教育资源。",
    "1．实施公办幼儿园建设工程。新建8所公办幼儿园，改扩建6所乡镇中心幼儿园，"
    "新增学位2400个，对每所新建公办幼儿园奖补100万—300万元。"
    "（牵头单位：县教育局；配合单位：县财政局、县自然资源局）",
    "2．提升保教质量。每年至少开展2次保教质量视导，建设3个县级幼儿园课程游戏化基地。"
    "（牵头单位：县教育局）",
    "（二）推进义务教育优质均衡发展。",
    "1．消除大班额。到2025年，新建2所九年一贯制学校，新增义务教育学位3000个，"
    "全面消除56人以上大班额。（牵头单位：县教育局；配合单位：县住房城乡建设局、各乡镇人民政府）",
    "2．加强教师队伍建设。每年招聘教师不少于120名，组织教师培训1.2万人次，"
    "教师每五年累计参加培训不少于360学时。（牵头单位：县教育局；配合单位：县人力资源社会保障局）",
    "（三）强化经费保障。",
    "1．落实经费投入。县财政每年安排教育专项资金不低于5000万元，"
    "生均公用经费小学每生每年达到800元、初中每生每年达到1000元。"
    "（牵头单位：县财政局；配合单位：县教育局）",
    "四、保障措施",
    "各乡镇、各部门要加强组织领导，建立监测评估制度，分任务分阶段开展评估，"
    "定期向社会发布实施进展情况。",
    "附表：青松县教育发展主要指标",
    "TABLE",
    "青松县人民政府办公室 2024年4月8日印发",
]
TABLE = [
    ["指标", "2023年", "2026年"],
    ["学前教育毛入园率（%）", "89.5", "92"],
    ["九年义务教育巩固率（%）", "95.1", "96.5"],
    ["公办幼儿园（所）", "21", "29"],
]

# Enough targets that a reader who drops a whole part of the plan is noticed.
EXPECTED_PROSE = [
    (89.5, None, "%", "baseline"),
    (92.0, None, "%", "target"),
    (8.0, None, "所", "target"),
    (1_000_000.0, 3_000_000.0, "元", "target"),
    (120.0, None, "人", "target"),
    (12_000.0, None, "人次", "target"),
    (50_000_000.0, None, "元", "target"),
]

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def write_txt(path: Path) -> None:
    """Plain UTF-8 text; the table as tab-separated rows."""
    rows = ["\t".join(row) for row in TABLE]
    lines = [p if p != "TABLE" else "\n".join(rows) for p in PARAGRAPHS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(path: Path) -> None:
    """Word paragraphs and one real Word table."""
    import docx

    document = docx.Document()
    for para in PARAGRAPHS:
        if para != "TABLE":
            document.add_paragraph(para)
            continue
        table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
        for r, row in enumerate(TABLE):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.save(str(path))


def write_html(path: Path) -> None:
    """A web page with navigation, scripts, styles, entities and a <table>."""
    body = []
    for para in PARAGRAPHS:
        if para == "TABLE":
            cells = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in TABLE
            )
            body.append(f"<table border='1'><tbody>{cells}</tbody></table>")
        elif para == TITLE:
            body.append(f"<h1>{html.escape(para)}</h1>")
        else:
            text = html.escape(para).replace("新增学位2400个", "新增学位2400&nbsp;个")
            body.append(f"<p>{text}</p>")
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{TITLE}_青松县人民政府门户网站</title>"
        "<style>body{font-size:16px} .nav li{display:inline}</style>"
        "<script>var _hmt=_hmt||[];var year=2026;var rate='92%';</script>"
        "</head><body>"
        "<nav class='nav'><ul><li>首页</li><li>政务公开</li><li>2024年第3期</li></ul></nav>"
        "<div class='article'>\n" + "\n".join(body) + "\n</div>"
        "<script>document.write('访问量：10086次');</script>"
        "</body></html>"
    )
    path.write_text(page, encoding="utf-8")


def write_pdf(path: Path) -> None:
    """A text-layer PDF: paragraphs wrapped by width, a page-number footer, a drawn table.

    The font is generated (one box glyph per character, tests/hostile/files.py), so the
    lines wrap at the same places on every machine.
    """
    from fpdf import FPDF

    from hostile.files import make_cjk_font

    class Plan(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.cell(0, 10, f"— {self.page_no()} —", align="C")

    chars = "".join(PARAGRAPHS) + "".join(c for row in TABLE for c in row) + "— 0123456789"
    font = make_cjk_font(path.with_suffix(".ttf"), chars)
    pdf = Plan(format="A4")
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    for para in PARAGRAPHS:
        if para == "TABLE":
            with pdf.table(text_align="CENTER", first_row_as_headings=False) as table:
                for row in TABLE:
                    cells = table.row()
                    for text in row:
                        cells.cell(text)
        else:
            pdf.multi_cell(0, 8, para, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def key(item: Item) -> tuple[object, ...]:
    return (item.value, item.value_max, item.unit, item.kind, item.relation, item.year)


def numbers_of(text: str) -> list[float]:
    """The numbers written in a span; a PDF line break may split one ("240\\n0个")."""
    joined = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return [float(n) for n in NUMBER.findall(joined)]


def scaled(written: float, value: float) -> bool:
    """``value`` is ``written`` as is, or with 万 or 亿 multiplied out."""
    return any(abs(written * f - value) <= 1e-6 * max(1.0, abs(value)) for f in (1, 1e4, 1e8))


def assert_grounded_with_digits(doc: Document) -> None:
    source = doc.source.source
    for item in doc.items:
        assert source[item.span.start : item.span.end] == item.text, item
        written = numbers_of(item.text)
        if not written:  # Chinese numerals (两所) carry no digits
            continue
        assert scaled(written[0], item.value), item
        if item.value_max is not None:
            assert scaled(written[-1], item.value_max), item


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    files = {fmt: folder / f"青松县行动计划.{fmt}" for fmt in ("txt", "docx", "html", "pdf")}
    write_txt(files["txt"])
    write_docx(files["docx"])
    write_html(files["html"])
    write_pdf(files["pdf"])
    return files


@pytest.fixture(scope="module")
def txt_doc(plan_files: dict[str, Path]) -> Document:
    return read_document(plan_files["txt"])


def doc_of(plan_files: dict[str, Path], fmt: str) -> Document:
    return read_document(plan_files[fmt])


FORMATS = ["txt", "docx", "html", "pdf"]


def test_plain_text_yields_the_expected_targets_and_baselines(txt_doc: Document) -> None:
    found = [(i.value, i.value_max, i.unit, i.kind) for i in txt_doc.items]
    for expected in EXPECTED_PROSE:
        assert expected in found
    assert txt_doc.meta.doc_number.replace(" ", "") == "青松政发〔2024〕12号"
    assert (txt_doc.meta.period_start, txt_doc.meta.period_end) == (2024, 2026)


def test_table_cells_become_items_with_year_and_kind_from_headers(txt_doc: Document) -> None:
    found = {(i.value, i.unit, i.kind, i.year) for i in txt_doc.items}
    assert (29.0, "所", "target", 2026) in found
    assert (96.5, "%", "target", 2026) in found
    assert (21.0, "所", "baseline", 2023) in found


def test_junk_of_the_page_gives_no_items(plan_files: dict[str, Path]) -> None:
    doc = read_document(plan_files["html"])
    texts = [i.text for i in doc.items]
    assert "10086次" not in texts
    source = doc.source.source
    script = source.index("<script>")
    assert all(not (script <= i.span.start < source.index("</script>")) for i in doc.items)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_item_points_at_its_own_characters_in_the_source(
    plan_files: dict[str, Path], fmt: str
) -> None:
    doc = doc_of(plan_files, fmt)
    assert doc.items
    assert_grounded_with_digits(doc)


def prose_and_table(doc: Document) -> tuple[list[Item], list[Item]]:
    """The items before the annexed table, and those of the table."""
    annex = doc.source.source.index("附表：")
    return (
        [i for i in doc.items if i.span.start < annex],
        [i for i in doc.items if i.span.start >= annex],
    )


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_prose_items_are_the_same_as_from_plain_text(
    plan_files: dict[str, Path], txt_doc: Document, fmt: str
) -> None:
    prose, _ = prose_and_table(doc_of(plan_files, fmt))
    expected, _ = prose_and_table(txt_doc)
    assert [key(i) for i in prose] == [key(i) for i in expected]


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_table_items_are_the_same_as_from_plain_text(
    plan_files: dict[str, Path], txt_doc: Document, fmt: str
) -> None:
    _, table = prose_and_table(doc_of(plan_files, fmt))
    _, expected = prose_and_table(txt_doc)
    assert len(expected) == 6
    assert [key(i) for i in table] == [key(i) for i in expected]


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_subjects_are_the_same_as_from_plain_text(
    plan_files: dict[str, Path], txt_doc: Document, fmt: str
) -> None:
    prose, _ = prose_and_table(doc_of(plan_files, fmt))
    expected, _ = prose_and_table(txt_doc)
    assert [i.subject for i in prose] == [i.subject for i in expected]


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_metadata_is_the_same_as_from_plain_text(
    plan_files: dict[str, Path], txt_doc: Document, fmt: str
) -> None:
    doc = doc_of(plan_files, fmt)
    assert doc.meta == txt_doc.meta
