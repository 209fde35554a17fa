// The site-board poster (GET /projects/:id/poster), in Chinese.
export const zhPoster = {
  poster: {
    title: '工地公示海报',
    kicker: '城中村改造回迁安置 · 进度公示',
    batches: '交付批次',
    noBatches: '这个项目还没有分批交付的安排。',
    batch: '批次',
    buildings: '楼栋',
    original: '原定交付',
    current: '现定交付',
    status: '状态',
    scan: '扫码查看最新进度',
    qrLabel: '二维码，指向 {{url}}',
    feed: '订阅动态',
    feedback: '匿名留言（提问、建议、投诉）',
    search: '查找自己的楼栋',
    asOf: '本海报打印时的数字截至 {{date}}；最新情况以网页为准。',
    setup: '注意：二维码按本次访问的地址生成。正式张贴前，请管理员设置 PUBLIC_BASE_URL（群众能访问到的网址）。这段话不会打印出来。',
    howto: '用浏览器的“打印”功能，选 A4 纸即可打印。',
    back: '回到项目页',
    link: '打印工地公示海报（A4，带二维码）',
  },
};
