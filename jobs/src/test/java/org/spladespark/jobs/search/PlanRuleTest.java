package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlanRuleTest {
  @Test
  void postingsWhileTenTimesTheWorkFitsInTheIndex() {
    assertEquals(Plan.POSTINGS, PlanRule.choose(100, 1000));
    assertEquals(Plan.SCAN, PlanRule.choose(100.5, 1000));
    assertEquals(Plan.SCAN, PlanRule.choose(1, 5));
    assertEquals(Plan.POSTINGS, PlanRule.choose(0, 0));
  }

  @Test
  void uniformEstimateDependsOnDistinctTokensAndVocabularyOnly() {
    // 5k docs x 200 non-zeros over 30,522 wordpieces: df ~ 32.8 per token.
    long p = 1_000_000;
    assertEquals(Plan.POSTINGS, PlanRule.choose(PlanRule.uniformWork(15, p, 30522), p));
    assertEquals(Plan.POSTINGS, PlanRule.choose(PlanRule.uniformWork(3052, p, 30522), p));
    assertEquals(Plan.SCAN, PlanRule.choose(PlanRule.uniformWork(3053, p, 30522), p));
    assertEquals(Plan.SCAN, PlanRule.choose(PlanRule.uniformWork(4000, p, 30522), p));
  }

  @Test
  void exactWorkSumsDfOverDistinctTokens() {
    assertEquals(510, PlanRule.exactWork(new long[] {10, 500, 0}));
  }
}
