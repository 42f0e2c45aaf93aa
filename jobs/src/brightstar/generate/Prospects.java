package brightstar.generate;

import java.io.IOException;

/**
 * Companies that are not customers yet, with firmographics only: most are drawn like champion
 * customers or like at-risk ones (see {@link Archetype}), so a look-alike model has something to
 * find. One extract, dated the window's last day.
 */
final class Prospects {
  private static final int STREAM_PROSPECT = 7;

  private Prospects() {}

  /**
   * One prospect as drawn.
   *
   * @param index 0-based prospect number
   */
  record Prospect(int index, Archetype archetype, Firmographics firmographics,
      Names.Company company) {}

  static Prospect prospect(Plan plan, int j) {
    Rng r = Rng.of(plan.seed, j, STREAM_PROSPECT);
    Archetype archetype = Archetype.drawProspect(r);
    Firmographics f = archetype.firmographics(r, plan.lastYear);
    Names.Company company = Names.company(plan.seed, plan.totalCompanies,
        plan.prospectCompany(j), f, r);
    return new Prospect(j, archetype, f, company);
  }

  static String id(Plan plan, int j) {
    return Ids.id(plan.seed, Entity.COMPANIES, j, 0);
  }

  /** Writes prospect {@code j}'s row through an emitter owned by that prospect. */
  static void emit(Plan plan, Prospect prospect, Emitter out) throws IOException {
    int ordinal = out.next(Entity.COMPANIES);
    if (!out.accepts(plan.endDay)) {
      return;
    }
    Rng v = out.rowRng(Entity.COMPANIES, ordinal);
    Firmographics f = prospect.firmographics();
    Names.Company c = prospect.company();
    String[] typed = Firmographics.INDUSTRY_TYPED[f.industry()];
    String employees = v.chance(0.5) ? Integer.toString(f.employees())
        : Long.toString(Math.max(1, Math.round(f.employees() / 10.0)) * 10);
    out.emit(Entity.COMPANIES, plan.endDay, ordinal, out.id(Entity.COMPANIES, ordinal),
        v.chance(0.6) ? c.legalName() : c.shortName(), c.domain(),
        v.chance(0.75) ? typed[0] : typed[v.nextInt(typed.length)], f.countryCode(), employees,
        v.chance(0.1) ? "" : Integer.toString(f.foundedYear()));
  }
}
