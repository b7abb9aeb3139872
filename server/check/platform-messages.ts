// The platform's own check messages, by key, in every locale: what the check runner says when a
// check did not give a verdict of its own (a timeout, a broken script, a drill that could not be
// applied) and the summary of a run. Course catalogs cannot replace these keys (messages.ts).
import type { Locale } from '../../shared/i18n.js';

const en = {
  'check.passed': 'passed',
  'check.timeout': 'The check did not finish within {seconds} s.',
  'check.silent-exit': 'The check stopped (exit 1) without saying what is wrong; this is not your mistake and has been logged.',
  'check.broken': 'The check itself broke (exit code {code}); this is not your mistake and has been logged.',
  'check.could-not-run': 'The check could not run: {reason}',
  'check.lab-error': '{reason}',
  'drill.needs-platform':
    "This task's drill ({drill}) needs the platform's faults, and this run cannot apply them: run its checks with the web app's Check button or `opslab check LAB --task {task}`.",
  'drill.not-applied': "The platform could not apply this task's drill ({drill}), so the check did not run: {reason}",
  'drill.not-undone': "The platform could not undo this task's drill ({drill}): {reason}. The lab may still have these faults: clear them in the lab view, or reset the lab.",
  'results.pass': 'All {count} check(s) passed.',
  'results.fail': '{failed} of {total} check(s) did not pass: {names}',
  'grade.refused': 'The submission was refused: {reasons}.',
  'grade.lab-unusable': 'the lab could not be used: {reason}',
} as const;

export type PlatformKey = keyof typeof en;

// Written for a Chinese ops engineer: the words of Chinese ops writing, commands left as they are,
// the web app's names for its buttons and tabs (检查, 视图, 重置).
const zhCN: Record<PlatformKey, string> = {
  'check.passed': '通过',
  'check.timeout': '检查未在 {seconds} 秒内完成。',
  'check.silent-exit': '检查脚本以 exit 1 退出，却没有说明哪里不对；这不是你的问题，平台已记录下来，交给课程作者排查。',
  'check.broken': '检查脚本自身出错（退出码 {code}）；这不是你的问题，平台已记录下来，交给课程作者排查。',
  'check.could-not-run': '检查无法运行：{reason}',
  'check.lab-error': '实验环境出错：{reason}',
  'drill.needs-platform': '本任务的故障演练（{drill}）需要由平台注入故障，这次运行做不到：请用网页上的“检查”按钮，或执行 `opslab check LAB --task {task}` 来运行它的检查。',
  'drill.not-applied': '平台未能注入本任务的故障演练（{drill}），检查没有运行：{reason}',
  'drill.not-undone': '平台未能撤销本任务的故障演练（{drill}）：{reason}。实验中可能还留着这些故障：请在“视图”中清除，或重置实验。',
  'results.pass': '全部 {count} 项检查通过。',
  'results.fail': '共 {total} 项检查，{failed} 项未通过：{names}',
  'grade.refused': '提交被拒绝：{reasons}。',
  'grade.lab-unusable': '实验环境无法使用：{reason}',
};

export const PLATFORM_MESSAGES: Record<Locale, Record<PlatformKey, string>> = { en, 'zh-CN': zhCN };
