package brightstar.clv.model;

import java.util.Arrays;
import java.util.Locale;

/** The purchase models a CLV run can use, by the names the configuration and CLI use. */
public enum PurchaseModelType {
  BGNBD("bgnbd", BgNbdModel.NAME),
  PARETO("pareto", ParetoNbdModel.NAME);

  private final String label;
  private final String modelName;

  PurchaseModelType(String label, String modelName) {
    this.label = label;
    this.modelName = modelName;
  }

  /** The configuration and CLI name, e.g. {@code bgnbd}. */
  public String label() {
    return label;
  }

  /** The model's display name, e.g. {@code BG/NBD}, as in {@link FitResult#model()}. */
  public String modelName() {
    return modelName;
  }

  /** Maximum-likelihood fit of this model on the tuples. */
  public FitResult fit(RfmTuples tuples, FitOptions options) {
    return this == BGNBD ? BgNbdModel.fit(tuples, options) : ParetoNbdModel.fit(tuples, options);
  }

  /** The model with given parameters, in the order of {@link FitResult#names()}. */
  public PurchaseModel model(double[] params) {
    return this == BGNBD
        ? new BgNbdModel(params[0], params[1], params[2], params[3])
        : new ParetoNbdModel(params[0], params[1], params[2], params[3]);
  }

  /**
   * The model a fit of this type ended with: this type's model, or its limiting {@link
   * NbdModel} when the fit ran to the no-dropout boundary ({@link FitResult#boundary()}).
   *
   * @param fitted the fit's {@link FitResult#model()}
   * @param params the fit's parameters
   */
  public PurchaseModel model(String fitted, double[] params) {
    return NbdModel.NAME.equals(fitted) ? new NbdModel(params[0], params[1]) : model(params);
  }

  /**
   * The type named {@code label} (case-insensitive).
   *
   * @throws ClvException for any other name
   */
  public static PurchaseModelType parse(String label) {
    for (PurchaseModelType t : values()) {
      if (t.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
        return t;
      }
    }
    throw ClvException.of("Unknown purchase model '" + label + "'",
        "the purchase models are " + Arrays.toString(labels()),
        "set brightstar.clv.model to one of them");
  }

  static String[] labels() {
    return Arrays.stream(values()).map(t -> t.label).toArray(String[]::new);
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
