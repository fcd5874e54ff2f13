"""A part that shows how to bring the failure about again ("Steps to reproduce", "Pasos para
reproducir", "再現手順", "复现步骤") lists instructions for the reader, not follow-up work: its
steps are no items in any language, while the follow-ups after it still are."""

from __future__ import annotations

import pytest

from syncer.section_names import heading_score, is_narrative_heading
from tests.postmortems import read_postmortem

DOCUMENTS = {
    "English": ("# Crash\n\n## Summary\n\nThe server crashed.\n\n## Steps to reproduce\n\n"
                "1. Create a boat\n2. Place the boat on water\n3. Add a second player\n\n"
                "## Action items\n\n- Add a nil check to the boat entity\n", ["Add a nil check to the boat entity"]),
    "Spanish": ("# Caída\n\n## Resumen\n\nEl servidor se cayó.\n\n## Pasos para reproducir\n\n"
                "1. Crear un bote\n2. Colocar el bote en el agua\n3. Añadir un segundo jugador\n", []),
    "Portuguese": ("# Queda\n\n## Resumo\n\nO servidor caiu.\n\n## Como reproduzir\n\n"
                   "1. Criar um barco\n2. Adicionar um segundo jogador\n", []),
    "Japanese": ("# 障害報告\n\n## 概要\n\nサーバーが停止しました。\n\n## 再現手順\n\n"
                 "1. ボートを作成する\n2. 二人目のプレイヤーを追加する\n", []),
    "Chinese": ("# 故障报告\n\n## 概述\n\n服务器崩溃。\n\n## 复现步骤\n\n1. 新增一艘船\n2. 添加第二个玩家\n", []),
}


@pytest.mark.parametrize(("text", "items"), list(DOCUMENTS.values()), ids=list(DOCUMENTS))
def test_steps_to_reproduce_are_no_items(text: str, items: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == items


@pytest.mark.parametrize("title", ["How to reproduce", "Reproduction", "Reproduzieren", "Étapes pour reproduire"])
def test_a_reproduction_is_part_of_the_story(title: str) -> None:
    assert is_narrative_heading(title)
    assert heading_score(title) < 0
