package dev.sluice.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.kubectl.render.Table.Cell;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void padsColumnsToTheWidestCellAndTrimsTrailingSpace() {
    Table table = new Table("NAME", "PHASE", "AGE").row("web", "Healthy", "5m").row("checkout-api", "Degraded", "");

    assertThat(table.render(Style.PLAIN)).isEqualTo("""
        NAME           PHASE      AGE
        web            Healthy    5m
        checkout-api   Degraded
        """);
  }

  @Test
  void coloursOnlyTheTextSoColumnsStayAligned() {
    Table table = new Table("NAME", "PHASE", "AGE").row(Cell.of("web"), Cell.state("Healthy"), Cell.of("5m"));

    assertThat(table.render(Style.COLOR)).isEqualTo("""
        NAME   PHASE     AGE
        web    \u001b[32mHealthy\u001b[0m   5m
        """);
  }

  @Test
  void rowsAloneKeepTheTableWidths() {
    Table table = new Table("NAME", "PHASE").row("a", "Healthy").row("longer-name", "Paused");

    assertThat(table.renderRows(Style.PLAIN)).containsExactly("a             Healthy", "longer-name   Paused");
  }

  @Test
  void refusesARowOfTheWrongWidth() {
    assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
  }
}
