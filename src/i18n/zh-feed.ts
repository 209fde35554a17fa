// Atom feeds (GET /feeds/<scope>/<id>.atom), in Chinese.
export const zhFeed = {
  feed: {
    title: '{{name}} · 进度动态',
    subtitle: '{{name}}的施工节点、交付、报送、改期和回迁户数，按时间从新到旧。',
    rights: '数据来自公开报道与各单位报送。',
    correction: '更正',
    reason: '（原因：{{reason}}）',
    report: '发布报送：截至 {{date}} 的累计数字',
    revised: '{{name}} 目标交付时间改为 {{date}}，原因：{{reason}}',
    households: '{{name}} 回迁户数（应安置 {{households}}）：已选房 {{allocated}}、已交房 {{handedOver}}、已入住 {{movedIn}}、已办证 {{certificates}}',
    follow: '订阅动态（Atom）',
  },
};
