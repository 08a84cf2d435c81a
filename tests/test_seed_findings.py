"""What a user sees when auditing the bundled seed: every finding at warning or above, across all packs.

The seed is a real 2020 township disclosure.  Its arithmetic holds; what is wrong with it is in its
绩效目标表 (issue 4's list) and its organisation (机构设置), whose label has nothing under it.  Each finding below was checked by hand against the
document.  The DOCX, its TXT export and the package with the standard tables must all say exactly this.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from conftest import SAMPLES, SEED_DOCX, SEED_STEM, SEED_TXT

SEED_TABLES = SAMPLES / f"{SEED_STEM}_预算公开表.xlsx"

EXPECTED = [
    ('C102', 'warning', '“机构设置：”下没有内容，未说明机构设置'),
    ('K102', 'warning', '表9 环保所工作经费 第5行：二级指标“社会效益指标”（排查整改率）列在“产出指标”下，应属于效益指标'),
    ('K102', 'warning', '表10 纪检工作经费 第5行：二级指标“社会效益指标”（普及率）列在“产出指标”下，应属于效益指标'),
    ('K102', 'warning', '表19 维修康居、新天地社区文化活动广场工程 第5行：二级指标“可持续影响指标”（可持续使用年限）列在“产出指标”下，应属于效益指标'),
    ('K102', 'warning', '表21 征兵工作经费 第5行：二级指标“可持续影响指标”（兵役登记时限）列在“产出指标”下，应属于效益指标'),
    ('K202', 'warning', '表4 社区租赁费：5 个指标值只有数字、没有计量单位（100, 50, 10, 100, 95）：使用面积 100（第3行）、解决办公人数 50（第4行）、使用持续性 10（第5行）、使用率 100（第6行）、居民满意度 95（第7行）'),
    ('K302', 'warning', '表18 退役军人服务站工作经费：4 个指标的“指标值确定依据”只是重复指标名称或描述，没有说明依据：开展宣传活动次数（第3行）、落实工作时效（第4行）、发放宣传品数量（第5行）、居民满意度（第7行）'),
    ('K302', 'warning', '表19 维修康居、新天地社区文化活动广场工程：5 个指标的“指标值确定依据”只是重复指标名称或描述，没有说明依据：完工率（第3行）、广场验收合格情况（第4行）、可持续使用年限（第5行）、使用率（第6行）、居民满意度（第7行）'),
    ('K302', 'warning', '表21 征兵工作经费：5 个指标的“指标值确定依据”只是重复指标名称或描述，没有说明依据：登记率（第3行）、征兵工作完成情况（第4行）、兵役登记时限（第5行）、普及率（第6行）、居民满意度（第7行）'),
    ('K401', 'error', '表12 街道妇联工作经费 的绩效目标与 表11 街道辅岗人员经费 的一字不差：“我单位现有辅岗人员21人，全面落实工资福利待遇，缴纳各类保险，保障社区工作顺利开展，落实上级部门各项政策”'),
    ('K501', 'warning', '说明“4、高度重视，全面开展安全生产工作”称“走访90%以上商户”，而 表8 安全生产经费 第5行 指标“走访率”的指标值为“≥80百分比”'),
    ('K502', 'warning', '政府采购预算表列有“社区维修改造工程”，但没有该项目的绩效目标表'),
    ('K502', 'warning', '政府采购预算表列有“辖区绿化提升工程”，但没有该项目的绩效目标表'),
    ('K503', 'warning', '表14 老旧小区维修工程 第3行 指标“修缮小区个数”为“≥4个”，而政府采购预算表中“老旧小区维修工程”的采购数量为 3个'),
]


def findings_at_warning_or_above(*paths: Path) -> tuple[int, list[tuple[str, str, str]]]:
    result = CliRunner().invoke(app, ["audit", *map(str, paths), "--format", "json"])
    documents = json.loads(result.stdout)["documents"]
    found = [(f["rule"], f["severity"], f["message"]) for document in documents for f in document["findings"] if f["severity"] in ("error", "warning")]
    return result.exit_code, found


@pytest.mark.parametrize("paths", [(SEED_DOCX,), (SEED_TXT,), (SEED_DOCX, SEED_TABLES)], ids=["docx", "txt", "docx+tables"])
def test_the_seed_says_exactly_this(paths: tuple[Path, ...]) -> None:
    code, found = findings_at_warning_or_above(*paths)
    assert code == 1  # K401, a copied goal, is an error
    assert sorted(found) == sorted(EXPECTED)


def test_the_agreements_that_hold_stay_quiet() -> None:
    """Issue 4's agreements: none of these figures appears in any finding."""
    _, found = findings_at_warning_or_above(SEED_DOCX)
    messages = " ".join(message for _, _, message in found)
    for quiet in ("70次", "18次", "22个", "95%", "5次", "8次", "≥50个", "6000", "5000㎡", "5100"):
        assert quiet not in messages, quiet
