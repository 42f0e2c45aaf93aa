package brightstar.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {
  @Test
  void theShippedSettingsLetCrossValidationChooseTheTreesClassWeighting() {
    ModelSettings s = ModelSettings.from(BrightstarConfig.defaults());
    assertEquals(List.of("balanced"), s.lrClassWeights());
    assertEquals(List.of("balanced", "none"), s.gbtClassWeights());
    assertEquals(3, s.folds());
    assertEquals(ModelSettings.SPLIT, s.validation());
    assertEquals(List.of(0), Arrays.stream(s.validationFolds()).boxed().toList());
    assertEquals(List.of(0, 1, 2), Arrays.stream(ModelSettings.from(
        BrightstarConfig.defaults().with("brightstar.ml.validation", "cross-validation"))
        .validationFolds()).boxed().toList());
    assertEquals(250_000, s.maxTrainingRows());
  }

  @Test
  void aTrainingCapBelowTheMinimumNamesBothKeys() {
    BrightstarException e = assertThrows(BrightstarException.class, () -> ModelSettings.from(
        BrightstarConfig.defaults().with("brightstar.ml.max-training-rows", 50)));
    assertTrue(e.getMessage().contains("brightstar.ml.max-training-rows: must be at least"
        + " min-training-rows (100), not 50"), e.getMessage());
  }

  @Test
  void anUnknownValidationNamesTheKeyAndTheChoices() {
    BrightstarException e = assertThrows(BrightstarException.class, () -> ModelSettings.from(
        BrightstarConfig.defaults().with("brightstar.ml.validation", "holdout")));
    assertTrue(e.getMessage().contains("brightstar.ml.validation: must be split or"
        + " cross-validation, not 'holdout'"), e.getMessage());
  }

  @Test
  void anUnknownClassWeightingNamesTheKeyAndTheChoices() {
    BrightstarException e = assertThrows(BrightstarException.class, () -> ModelSettings.from(
        BrightstarConfig.defaults().with("brightstar.ml.gbt.class-weights",
            List.of("balanced", "inverse"))));
    assertTrue(e.getMessage().contains("brightstar.ml.lr.class-weights / gbt.class-weights"),
        e.getMessage());
    assertTrue(e.getMessage().contains("balanced and/or none, not [balanced, inverse]"),
        e.getMessage());
  }
}
