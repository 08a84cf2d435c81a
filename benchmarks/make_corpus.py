"""Make a corpus of township budget packages by varying the seed disclosure consistently.

    python benchmarks/make_corpus.py OUT_DIR --packages 100 [--error-share 0.1] [--seed 1]

Each package is a folder with a DOCX (情况说明 with its 25 tables), the XLSX of its 政府采购 and
固定资产 tables, and the XLSX of the nine standard 预算 tables, built by samples/build_samples.py
(and samples/seed_budget_tables.py) from a variant of the seed:

- names: the county (三河市) and the township (泃阳西大街街道) are replaced everywhere, the
  department code too; the year moves (2020 → 2019…2024, and every other year with it);
- amounts: the leaves (人员经费, 公用经费, 项目支出, the 三公 items, procurement quantities and unit
  prices, asset classes, the year-over-year changes) are drawn around the seed's values, and every
  total is computed from them exactly, so every relation the seed states still holds to the cent:
  收入 = Σ sources = 支出 = 基本 + 项目, 基本 = 人员 + 公用, the changes, 三公 = Σ parts, 数量 × 单价,
  procurement columns and totals, 资产总额 = Σ classes, text = table; the standard tables' 功能分类
  and 经济分类 lines are the seed's, split in the seed's proportions so every 项, 款, 类 and total
  adds up to the new amounts.  Amounts keep the seed's printed precision (an integer stays an
  integer, "137.2" keeps one decimal).

A share of the packages (--error-share) gets one injected error, of one of the kinds in
INJECTIONS, in the DOCX or (for table errors) the XLSX.  manifest.json lists every package, its
files, and for an injected one the file and every finding it must cause (rule, category, severity,
expected and actual amounts as the audit prints them; a wrong 项目支出 in the text also disagrees
with the 部门支出总表, T301).  The same --seed gives the same corpus, byte for byte.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"
SEED_TXT = SAMPLES / f"{SEED_STEM}.txt"
SEED_YEAR = 2020


def _builder():
    """samples/build_samples.py, the machinery that turns the seed text into the DOCX and XLSX."""
    if str(SAMPLES) not in sys.path:
        sys.path.insert(0, str(SAMPLES))  # build_samples imports seed_budget_tables beside it
    spec = importlib.util.spec_from_file_location("build_samples", SAMPLES / "build_samples.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("build_samples", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


# ---- names -------------------------------------------------------------------------------------

COUNTIES = ["青河", "临川", "永安", "东平", "安宁", "白水", "长乐", "清源", "新和", "广丰", "宁远", "兴隆", "平山", "昌黎",
            "乐亭", "迁西", "滦平", "隆化", "涞源", "望都", "易水", "曲阳", "顺平", "博野", "蠡县", "雄川", "文安", "大城"]
TOWNS = ["东城", "西关", "南湖", "北苑", "中山路", "解放路", "人民路", "文化路", "建设路", "和平路", "新华路", "胜利",
         "朝阳", "光明", "红旗", "团结", "幸福", "育才", "迎宾路", "滨河", "站前", "城关", "鼓楼", "钟楼", "府前", "学院路",
         "工农路", "振兴", "长安", "民主路", "春华", "秋实", "金桥", "银河", "龙泉", "凤凰"]


# ---- amounts -----------------------------------------------------------------------------------


def places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def printed(value: Decimal) -> str:
    """As the seed prints amounts: no trailing zeros ("18" for 18.00, "137.2" for 137.20)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def two(value: Decimal) -> str:
    """An amount as the audit prints expected/actual in a 2-decimal document."""
    return format(value.quantize(Decimal("0.01")), "f")


@dataclass
class Amounts:
    """Every amount of one package; totals are computed from the leaves, never drawn."""

    personnel: Decimal
    public: Decimal
    project: Decimal
    d_basic: Decimal  # negative: "基本支出减少…"
    d_project: Decimal  # positive: "项目支出增加…"
    car_run: Decimal
    reception: Decimal
    d_car_run: Decimal  # negative
    d_reception: Decimal  # negative
    items: list[dict[str, Decimal]]  # procurement: quantity, price, extra (预算资金 beyond the amount)
    house_area: Decimal
    house: Decimal
    vehicles: Decimal
    other_assets: Decimal

    def item_amount(self, index: int) -> Decimal:
        return self.items[index]["quantity"] * self.items[index]["price"]

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def expenditure(self) -> Decimal:
        return self.basic + self.project

    @property
    def fund(self) -> Decimal:  # the 基金 income pays the one fund-financed purchase, as in the seed
        return self.item_amount(FUND_ITEM)

    @property
    def general(self) -> Decimal:
        return self.expenditure - self.fund

    @property
    def d_total(self) -> Decimal:
        return self.d_basic + self.d_project

    @property
    def sangong(self) -> Decimal:
        return self.car_run + self.reception

    @property
    def d_sangong(self) -> Decimal:
        return self.d_car_run + self.d_reception

    @property
    def procurement(self) -> Decimal:
        return sum((self.item_amount(i) for i in range(len(self.items))), Decimal(0))

    @property
    def assets(self) -> Decimal:
        return self.house + self.vehicles + self.other_assets


# The seed's procurement items in table order: name, 预算资金 beyond the amount, quantity, price.
ITEMS = ["老旧小区维修工程", "辖区住宅小区健身器材安装工程", "奇特商城楼顶防水工程", "社区维修改造工程", "辖区绿化提升工程"]
SEED_ITEMS = [("0", "3", "18"), ("0", "50", "0.36"), ("0", "5100", "0.02"), ("60", "3000", "0.03"), ("80", "2000", "0.04")]
FUND_ITEM = 1  # 健身器材: 货物, paid from the fund budget, the planned fixed-asset purchase


def draw(rng: random.Random, seed_text: str, scale: float, low: str = "0") -> Decimal:
    """A value around seed × scale with the seed's printed decimals, at least `low` + one step."""
    step = Decimal(1).scaleb(-places(seed_text))
    value = Decimal(str(float(seed_text) * scale * rng.uniform(0.8, 1.25)))  # float ok: a random draw, not money read from a file
    value = value.quantize(step, rounding=ROUND_HALF_UP)
    return max(value, Decimal(low) + step)


def draw_amounts(rng: random.Random) -> Amounts:
    scale = rng.uniform(0.4, 2.5)  # float ok: township size
    items = []
    for extra, quantity, price in SEED_ITEMS:
        items.append({
            "quantity": draw(rng, quantity, scale),
            "price": draw(rng, price, 1.0),
            "extra": draw(rng, extra, scale) if extra != "0" else Decimal(0),
        })
    return Amounts(
        personnel=draw(rng, "1114.26", scale),
        public=draw(rng, "137.2", scale),
        project=draw(rng, "1748.39", scale),
        d_basic=-draw(rng, "101.42", scale),
        d_project=draw(rng, "738.09", scale),
        car_run=draw(rng, "5.92", scale),
        reception=draw(rng, "0.75", scale),
        d_car_run=-draw(rng, "0.6", scale),
        d_reception=-draw(rng, "0.5", scale),
        items=items,
        house_area=draw(rng, "219.12", scale),
        house=draw(rng, "87.21", scale),
        vehicles=draw(rng, "35.11", 1.0),
        other_assets=draw(rng, "575.71", scale),
    )


# ---- the standard tables, varied --------------------------------------------------------------


def split(total: Decimal, weights: list[str]) -> list[Decimal]:
    """`total` in parts proportional to the seed's `weights`, to the cent, adding up exactly."""
    whole = sum((Decimal(w) for w in weights), Decimal(0))
    parts = [(total * Decimal(w) / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for w in weights[:-1]]
    return [*parts, total - sum(parts, Decimal(0))]


def budget_figures(tables_module, a: Amounts, names: Names):  # type: ignore[no-untyped-def]
    """The nine 预算 tables' figures (seed_budget_tables.BudgetFigures) for these amounts: the seed's
    功能分类 and 经济分类 lines, scaled so every line, 款, 类 and total adds up to the new amounts."""
    seed = tables_module.BudgetFigures()
    basic_lines = [line for line in seed.functional if line[2] != "0"]
    project_lines = [line for line in seed.functional if line[3] != "0"]
    fund_lines = [line for line in seed.functional if line[4] != "0"]
    basic = dict(zip((line[0] for line in basic_lines), split(a.basic, [line[2] for line in basic_lines])))
    project = dict(zip((line[0] for line in project_lines), split(a.project - a.fund, [line[3] for line in project_lines])))
    fund = dict(zip((line[0] for line in fund_lines), split(a.fund, [line[4] for line in fund_lines])))
    functional = [
        (code, name, str(basic.get(code, "0")), str(project.get(code, "0")), str(fund.get(code, "0")))
        for code, name, *_ in seed.functional
    ]
    three_public = {"30217": a.reception, "30231": a.car_run}  # 公务接待费, 公务用车运行维护费: fixed by the 三公 figures
    personnel_lines = [line for line in seed.economic if line[2] != "0"]
    public_lines = [line for line in seed.economic if line[3] != "0" and line[0] not in three_public]
    personnel = dict(zip((line[0] for line in personnel_lines), split(a.personnel, [line[2] for line in personnel_lines])))
    public = dict(zip((line[0] for line in public_lines), split(a.public - a.reception - a.car_run, [line[3] for line in public_lines])))
    public.update(three_public)
    economic = [(code, name, str(personnel.get(code, "0")), str(public.get(code, "0"))) for code, name, *_ in seed.economic]
    cents = [format(value.quantize(Decimal("0.01")), "f") for value in (Decimal(0), Decimal(0), a.car_run, a.reception)]
    return tables_module.BudgetFigures(
        issuer=names.issuer, year=names.year, general_income=str(a.general), fund_income=str(a.fund),
        functional=functional, economic=economic, three_public=tuple(cents),
    )


# ---- the seed text, varied ---------------------------------------------------------------------


def narrative_amounts(a: Amounts) -> list[tuple[str, str, Decimal]]:
    """(words before, seed amount, new amount) for every amount the 情况说明 prints; each
    "words before + amount + 万元" occurs exactly once in the seed."""
    return [
        ("预算收入", "2999.85", a.expenditure),
        ("一般公共预算收入", "2981.85", a.general),
        ("基金预算收入", "18", a.fund),
        ("支出预算", "2999.85", a.expenditure),
        ("其中基本支出", "1251.46", a.basic),
        ("包括人员经费", "1114.26", a.personnel),
        ("和日常公用经费", "137.2", a.public),
        ("；项目支出", "1748.39", a.project),
        ("预算收支安排", "2999.85", a.expenditure),
        ("预算增加", "636.67", a.d_total),
        ("基本支出减少", "101.42", -a.d_basic),
        ("项目支出增加", "738.09", a.d_project),
        ("共计安排", "137.2", a.public),  # 机关运行经费: the seed's equals its 公用经费
        ("预算安排", "6.67", a.sangong),
        ("公务用车购置及运维费", "5.92", a.car_run),
        ("公务用车运维费", "5.92", a.car_run),
        ("公务接待费", "0.75", a.reception),
        ("相比减少", "1.1", -a.d_sangong),
        ("公务用车购置及运维费减少", "0.6", -a.d_car_run),
        ("公务用车运行费减少", "0.6", -a.d_car_run),
        ("公务接待费减少", "0.5", -a.d_reception),
        ("政府采购预算", "344", a.procurement),
        ("固定资产金额为", "698.03", a.assets),
        ("固定资产总额为", "18", a.fund),
    ]


def table_cells(a: Amounts) -> list[tuple[str, int, Decimal]]:
    """(row label, 1-based cell position, new value) for the 政府采购 and 固定资产 tables."""
    general_items = [i for i in range(len(a.items)) if i != FUND_ITEM]
    general = sum((a.item_amount(i) for i in general_items), Decimal(0))
    cells: list[tuple[str, int, Decimal]] = []
    for label in ("合　计", "小计"):
        cells += [(label, 8, a.procurement), (label, 9, a.procurement), (label, 10, general), (label, 11, a.fund)]
    for index, name in enumerate(ITEMS):
        amount = a.item_amount(index)
        item = a.items[index]
        cells += [(name, 2, amount + item["extra"]), (name, 6, item["quantity"]), (name, 7, item["price"]), (name, 8, amount), (name, 9, amount)]
        cells.append((name, 11 if index == FUND_ITEM else 10, amount))
    cells += [
        ("资产总额", 3, a.assets),
        ("1、房屋（平方米）", 2, a.house_area),
        ("1、房屋（平方米）", 3, a.house),
        ("    其中：办公用房（平方米）", 2, a.house_area),
        ("    其中：办公用房（平方米）", 3, a.house),
        ("2、车辆（台、辆）", 3, a.vehicles),
        ("4、其他固定资产", 3, a.other_assets),
    ]
    return cells


def replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"{old!r} occurs {text.count(old)} times in the seed, not once")
    return text.replace(old, new)


def set_cell(lines: list[str], label: str, position: int, value: str) -> None:
    """Set the `position`-th cell of the table row that starts with `label` (cells are tab-led lines)."""
    start = lines.index("\t" + label)
    lines[start + position - 1] = "\t" + value


@dataclass
class Names:
    county: str  # "青河" → 青河市
    town: str  # "东城" → 东城街道
    code: int
    year: int

    @property
    def issuer(self) -> str:
        return f"{self.county}市{self.town}街道办事处"

    @property
    def stem(self) -> str:
        return f"{self.issuer}{self.year}年部门预算公开"


def variant_text(seed: str, amounts: Amounts, names: Names, mutate: "Injection | None" = None) -> str:
    text = seed
    for before, old, new in narrative_amounts(amounts):
        if mutate is not None and mutate.narrative == before:
            new = mutate.value
        text = replace_once(text, f"{before}{old}万元", f"{before}{printed(new)}万元")
    lines = text.split("\n")
    for label, position, value in table_cells(amounts):
        if mutate is not None and mutate.cell == (label, position):
            value = mutate.value
        set_cell(lines, label, position, printed(value))
    text = "\n".join(lines)
    text = replace_once(text, "部门编码-436", f"部门编码-{names.code}")
    text = text.replace("三河", names.county).replace("泃阳西大街", names.town)
    shift = names.year - SEED_YEAR
    return re.sub(r"(?<!\d)(20\d\d)(?=\s*年)", lambda m: str(int(m.group(1)) + shift), text)


# ---- injected errors ---------------------------------------------------------------------------


@dataclass
class Injection:
    """One wrong number: where it goes, the value printed there, and what the audit must say."""

    kind: str
    rule: str
    category: str
    severity: str
    target: str  # "docx" or "xlsx"
    value: Decimal
    expected: Decimal
    actual: Decimal
    narrative: str | None = None  # the words before a narrative amount
    cell: tuple[str, int] | None = None  # a table cell: row label, position
    description: str = ""
    # Further findings the same wrong number must cause: (rule, category, severity, expected, actual).
    also: list[tuple[str, str, str, Decimal, Decimal]] = field(default_factory=list)


def _typo(rng: random.Random, value: Decimal) -> Decimal:
    """A plausible slip: the value off by a whole amount that is well beyond any rounding."""
    step = Decimal(rng.choice([1, 2, 3, 5, 9, 10, 20, 36, 50, 90]))
    return value + step if rng.random() < 0.5 or value <= step else value - step


def _price_typo(rng: random.Random, price: Decimal) -> Decimal:
    """A unit price off by a few of its last printed digit, printed with as many decimals as before
    (0.38 → 0.40 would print "0.4" and widen the tolerance enough to hide the error)."""
    decimals = places(printed(price))
    step = Decimal(1).scaleb(-decimals)
    candidates = [price + step * k for k in rng.sample([2, 3, 5, 7, 9], 5)]
    return next(c for c in candidates if places(printed(c)) == decimals)


def injection(kind: str, a: Amounts, rng: random.Random) -> Injection:
    if kind == "expenditure-part":  # 项目支出 in the 支出 sentence no longer adds up
        wrong = _typo(rng, a.project)
        return Injection(kind, "N101", "arithmetic", "error", "docx", wrong, a.basic + wrong, a.expenditure, narrative="；项目支出",
                         description="项目支出 in the 支出说明 changed: 支出合计 ≠ 基本支出 + 项目支出 + 其他支出, and the text ≠ the 部门支出总表",
                         also=[("T301", "cross-reference", "error", a.project, wrong)])
    if kind == "sangong-part":
        wrong = _typo(rng, a.reception)
        return Injection(kind, "N101", "arithmetic", "error", "docx", wrong, a.car_run + wrong, a.sangong, narrative="公务接待费",
                         description="公务接待费 changed: 三公经费 ≠ Σ its parts")
    if kind == "change-part":
        wrong = _typo(rng, a.d_project)
        return Injection(kind, "N201", "year-over-year", "error", "docx", wrong, a.d_basic + wrong, a.d_total, narrative="项目支出增加",
                         description="项目支出's change changed: the total change ≠ Σ the parts' changes")
    if kind == "unit-price":
        index = rng.randrange(len(a.items))
        item = a.items[index]
        wrong = _price_typo(rng, item["price"])
        target = rng.choice(["docx", "xlsx"])
        return Injection(kind, "P104", "arithmetic", "error", target, wrong, item["quantity"] * wrong, a.item_amount(index), cell=(ITEMS[index], 7),
                         description=f"单价 of {ITEMS[index]} changed: 数量 × 单价 ≠ 政府采购金额")
    if kind == "procurement-text":
        wrong = _typo(rng, a.procurement)
        return Injection(kind, "P201", "cross-reference", "error", "docx", wrong, a.procurement, wrong, narrative="政府采购预算",
                         description="the 政府采购预算 in the text ≠ the table's 合计")
    if kind == "asset-class":
        wrong = _typo(rng, a.other_assets)
        target = rng.choice(["docx", "xlsx"])
        return Injection(kind, "S101", "arithmetic", "error", target, wrong, a.house + a.vehicles + wrong, a.assets, cell=("4、其他固定资产", 3),
                         description="其他固定资产 changed: 资产总额 ≠ Σ asset classes")
    if kind == "asset-text":
        wrong = _typo(rng, a.assets)
        return Injection(kind, "S201", "cross-reference", "error", "docx", wrong, a.assets, wrong, narrative="固定资产金额为",
                         description="the 固定资产 total in the text ≠ the table's 资产总额")
    raise ValueError(f"unknown injection kind {kind}")


INJECTIONS = ["expenditure-part", "sangong-part", "change-part", "unit-price", "procurement-text", "asset-class", "asset-text"]


# ---- the corpus --------------------------------------------------------------------------------


@dataclass
class Package:
    folder: str
    names: Names
    amounts: Amounts
    injected: Injection | None = None
    files: list[str] = field(default_factory=list)

    def manifest(self) -> dict[str, object]:
        out: dict[str, object] = {"package": self.folder, "issuer": self.names.issuer, "year": self.names.year, "files": self.files}
        key = {
            "收入合计": two(self.amounts.expenditure), "支出合计": two(self.amounts.expenditure), "基本支出": two(self.amounts.basic),
            "三公经费": two(self.amounts.sangong), "政府采购": two(self.amounts.procurement), "资产总额": two(self.amounts.assets),
        }
        out["key_figures"] = key
        if self.injected is None:
            out["injected"] = None
        else:
            i = self.injected
            file = self.files[0] if i.target == "docx" else self.files[1]  # the 情况说明 DOCX or the 政府采购 XLSX
            findings = [(i.rule, i.category, i.severity, i.expected, i.actual), *i.also]
            out["injected"] = {
                "kind": i.kind, "file": file, "description": i.description,
                "findings": [
                    {"rule": rule, "category": category, "severity": severity, "expected": two(expected), "actual": two(actual)}
                    for rule, category, severity, expected, actual in findings
                ],
            }
        return out


def plan(count: int, error_share: float, seed: int) -> list[Package]:
    rng = random.Random(seed)
    wrong = set(rng.sample(range(count), round(count * error_share)))
    used: set[tuple[str, str, int]] = set()
    packages = []
    for index in range(count):
        while True:
            names = Names(rng.choice(COUNTIES), rng.choice(TOWNS), rng.randrange(100, 999), rng.choice(range(2019, 2025)))
            if (names.county, names.town, names.year) not in used:
                used.add((names.county, names.town, names.year))
                break
        amounts = draw_amounts(rng)
        injected = injection(INJECTIONS[len([p for p in packages if p.injected]) % len(INJECTIONS)], amounts, rng) if index in wrong else None
        packages.append(Package(f"pkg{index + 1:05d}", names, amounts, injected))
    return packages


def write_package(builder, seed_text: str, package: Package, out: Path, scratch: Path) -> None:
    folder = out / package.folder
    folder.mkdir(parents=True, exist_ok=True)
    names, injected = package.names, package.injected
    clean = variant_text(seed_text, package.amounts, names)
    texts = {"docx": clean, "xlsx": clean}
    if injected is not None:
        texts[injected.target] = variant_text(seed_text, package.amounts, names, injected)
    docx_path = folder / f"{names.stem}.docx"
    xlsx_path = folder / f"{names.stem}_政府采购与固定资产.xlsx"
    tables_path = folder / f"{names.stem}_预算公开表.xlsx"
    for kind, path in (("docx", docx_path), ("xlsx", xlsx_path)):
        source = scratch / f"{package.folder}-{kind}.txt"
        source.write_text(texts[kind], encoding="utf-8")
        document, groups = builder.read_seed(source)
        if kind == "docx":
            builder.build_docx(document, groups, path, issuer=names.issuer)
        else:
            builder.build_xlsx(document, path, issuer=names.issuer, stem=names.stem)
        source.unlink()
    tables = sys.modules["seed_budget_tables"] if "seed_budget_tables" in sys.modules else importlib.import_module("seed_budget_tables")
    builder.build_tables_xlsx(tables_path, budget_figures(tables, package.amounts, names), issuer=names.issuer, stem=names.stem)
    package.files = [str(path.relative_to(out)) for path in (docx_path, xlsx_path, tables_path)]


def make_corpus(out: Path, count: int, error_share: float = 0.1, seed: int = 1) -> list[dict[str, object]]:
    """Write `count` packages under `out` and out/manifest.json; returns the manifest entries."""
    if count < 1:
        raise ValueError("the corpus needs at least one package")
    if not 0 <= error_share <= 1:
        raise ValueError("--error-share is a share between 0 and 1")
    builder = _builder()
    seed_text = SEED_TXT.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    packages = plan(count, error_share, seed)
    with tempfile.TemporaryDirectory() as scratch:
        for package in packages:
            write_package(builder, seed_text, package, out, Path(scratch))
    manifest = [package.manifest() for package in packages]
    (out / "manifest.json").write_text(json.dumps({"seed": seed, "error_share": error_share, "packages": manifest}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the packages and manifest.json into")
    parser.add_argument("--packages", type=int, default=100, help="number of packages (three files each)")
    parser.add_argument("--error-share", type=float, default=0.1, help="share of packages with one injected error")
    parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same corpus")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; choose a new folder")
    try:
        manifest = make_corpus(args.out, args.packages, args.error_share, args.seed)
    except ValueError as error:
        parser.error(str(error))
    injected = sum(1 for entry in manifest if entry["injected"])
    files = sum(len(entry["files"]) for entry in manifest)  # type: ignore[arg-type]
    print(f"wrote {len(manifest)} packages ({files} files, {injected} with an injected error) to {args.out}")


if __name__ == "__main__":
    main()
