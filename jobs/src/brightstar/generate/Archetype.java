package brightstar.generate;

/**
 * The customer archetypes: each sets the mean of the latent propensity, the firmographics a
 * company of that kind has, and its baseline buying behaviour. Prospects are drawn from the same
 * archetypes, so look-alike models can learn the firmographic signal.
 */
enum Archetype {
  CHAMPION("champion", 1.1, 900, 30, 15, 3.0, 6000,
      new double[] {3, 3, 2, 1, 0.3, 0.5, 0.5, 1, 0.2, 0.2},
      new double[] {4, 2, 2, 1, 1, 0.5, 1, 0.5, 1, 1}),
  ADOPTER("adopter", 0.4, 250, 20, 12, 2.0, 3000,
      new double[] {2, 1.5, 1.5, 1.5, 0.5, 1.5, 1, 1, 0.3, 0.5},
      new double[] {3, 2, 2, 1, 1, 1, 1, 0.5, 1, 1}),
  STEADY("steady", -0.1, 70, 15, 10, 1.5, 1500,
      new double[] {1, 1, 1, 1, 1, 1, 1, 1, 0.8, 1},
      new double[] {3, 2, 2, 1.5, 1, 1, 0.5, 0.5, 1, 1}),
  AT_RISK("at_risk", -0.9, 20, 5, 4, 1.0, 700,
      new double[] {0.3, 0.3, 0.3, 0.5, 3, 0.5, 1, 1, 3, 2},
      new double[] {2, 1, 1, 1.5, 0.5, 1.5, 0.3, 0.5, 0.5, 0.5});

  /** Customer shares in declaration order: 15% champions ... 25% at risk. */
  private static final double[] CUSTOMER_WEIGHTS = {0.15, 0.25, 0.35, 0.25};
  /** Prospects are mostly drawn like the best and the worst customers (documented). */
  private static final double[] PROSPECT_WEIGHTS = {0.45, 0.05, 0.05, 0.45};

  final String label;
  /** Mean of the latent propensity q for this archetype. */
  final double latentMean;
  final double employeesMedian;
  final double meanAge;
  final double sdAge;
  /** Repeat orders per year after the first 90 days, before behaviour effects. */
  final double ordersPerYear;
  /** Mean order value in USD, before behaviour effects. */
  final double orderValueUsd;
  private final double[] industryWeights;
  private final double[] countryWeights;

  Archetype(String label, double latentMean, double employeesMedian,
      double meanAge, double sdAge, double ordersPerYear, double orderValueUsd,
      double[] industryWeights, double[] countryWeights) {
    this.label = label;
    this.latentMean = latentMean;
    this.employeesMedian = employeesMedian;
    this.meanAge = meanAge;
    this.sdAge = sdAge;
    this.ordersPerYear = ordersPerYear;
    this.orderValueUsd = orderValueUsd;
    this.industryWeights = industryWeights;
    this.countryWeights = countryWeights;
  }

  static Archetype drawCustomer(Rng r) {
    return values()[r.pick(CUSTOMER_WEIGHTS)];
  }

  static Archetype drawProspect(Rng r) {
    return values()[r.pick(PROSPECT_WEIGHTS)];
  }

  /** Firmographics of a company of this archetype: log-normal size, archetype-typical age. */
  Firmographics firmographics(Rng r, int lastYear) {
    int industry = r.pick(industryWeights);
    int country = r.pick(countryWeights);
    double logEmployees = StrictMath.log(employeesMedian) + 0.8 * r.gaussian();
    int employees = (int) Math.max(2, Math.round(StrictMath.exp(logEmployees)));
    int age = (int) Math.max(0, Math.round(meanAge + sdAge * r.gaussian()));
    return new Firmographics(industry, country, employees, lastYear - Math.min(age, 150));
  }
}
